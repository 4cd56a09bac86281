import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import { draftSnapshot, ydocToCharter, type DraftSnapshot } from "../documents.js";
import { deleteCheckpoint, insertVersion, latestVersionHash, nextNamedNumber, nextVersionNumber, type CheckpointReason, type VersionRow } from "../../store/versions.js";
import { recordAudit } from "../../store/audit.js";
import { contentHash } from "./canonical.js";
import { replaceableCheckpoint } from "./checkpointMerge.js";
import { lockCharter } from "../../store/charters.js";
import * as Y from "yjs";
import type { Knex } from "knex";

import { CHECKPOINT_LABEL } from "../../shared/versionNames.js";

export { CHECKPOINT_LABEL };

/**
 * Saves the live draft as a named, immutable version: its document, the Yjs
 * state that renders it, its V-number, label, author, time and content hash.
 */
export async function versionSaver(services: Services, charterId: string, authorId: string, label: string, ip: string | null): Promise<VersionRow> {
  return saveVersion(services, charterId, await draftSnapshot(services, charterId), { kind: "named", label, authorId, ip });
}

/**
 * Takes an automatic checkpoint of a draft that changed (the collaboration
 * server calls it when the last client leaves), unless the latest version
 * already has the same content. It replaces the previous checkpoint of the
 * same editing session (see checkpointMerge.ts).
 */
export async function checkpointSaver(services: Services, charterId: string, doc: Y.Doc, fence?: (trx: Knex.Transaction) => Promise<void>): Promise<VersionRow | null> {
  const snapshot = { ystate: Y.encodeStateAsUpdate(doc), doc: ydocToCharter(doc) };
  if ((await latestVersionHash(services.db, charterId)) == contentHash(snapshot.doc)) return null;
  return saveVersion(services, charterId, snapshot, { kind: "auto", reason: "leave", label: CHECKPOINT_LABEL, authorId: null, ip: null }, fence);
}

/**
 * Keeps the current draft as an automatic version labelled `label` (before a
 * restore, say), unless the latest version already has the same content.
 */
export async function draftCheckpointSaver(services: Services, charterId: string, label: string, ip: string | null): Promise<VersionRow | null> {
  const snapshot = await draftSnapshot(services, charterId);
  if ((await latestVersionHash(services.db, charterId)) == contentHash(snapshot.doc)) return null;
  return saveVersion(services, charterId, snapshot, { kind: "auto", reason: "restore", label, authorId: null, ip });
}

async function saveVersion(
  services: Services, charterId: string, snapshot: DraftSnapshot,
  meta: { kind: VersionRow["kind"]; reason?: CheckpointReason; label: string; authorId: string | null; ip: string | null },
  /** For the collaboration server's checkpoints: throws, first thing in the transaction, if it no longer owns the charter. */
  fence?: (trx: Knex.Transaction) => Promise<void>,
): Promise<VersionRow> {
  const hash = contentHash(snapshot.doc);
  const document = JSON.stringify(snapshot.doc.toJSON());
  const saved = await services.db.transaction(async (trx) => {
    await fence?.(trx);
    await lockCharter(trx, charterId);
    const at = new Date();
    const replaced = meta.reason == "leave" ? await replaceableCheckpoint(trx, charterId, at) : null;
    const row: VersionRow = {
      id: randomUUID(), charter_id: charterId, number: await nextVersionNumber(trx, charterId),
      named_number: meta.kind == "named" ? await nextNamedNumber(trx, charterId) : null,
      label: meta.label, kind: meta.kind, checkpoint_reason: meta.reason ?? null,
      author_id: meta.authorId, created_at: at.toISOString(), viewed_at: null, hash, document, ystate: Buffer.from(snapshot.ystate),
    };
    await insertVersion(trx, row);
    if (replaced) await deleteCheckpoint(trx, charterId, replaced.id);
    await recordAudit(trx, {
      actorId: meta.authorId, charterId, action: meta.kind == "auto" ? "version.checkpoint" : "version.saved",
      subjectType: "version", subjectId: row.id, ip: meta.ip, details: versionDetails(row, replaced ? { replaced: replaced.id, replacedAt: replaced.created_at } : {}),
    });
    await services.events.publish(trx, "topic-changed", { charterId, topic: "versions" });
    return row;
  });
  return saved;
}

/** What the audit log keeps of a version: enough to name it after it is gone (a merged checkpoint). */
export function versionDetails(v: Pick<VersionRow, "named_number" | "number" | "label" | "kind" | "created_at" | "hash">, extra: Record<string, unknown> = {}) {
  return { number: v.named_number, sequence: v.number, kind: v.kind, label: v.label, createdAt: v.created_at, hash: v.hash, ...extra };
}

