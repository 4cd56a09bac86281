import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import { draftSnapshot, ydocToCharter, type DraftSnapshot } from "../documents.js";
import { insertVersion, latestVersionHash, nextVersionNumber, type VersionRow } from "../../store/versions.js";
import { recordAudit } from "../../store/audit.js";
import { now } from "../../store/rows.js";
import { contentHash } from "./canonical.js";
import * as Y from "yjs";

/** The label of the checkpoints the server takes by itself. */
export const CHECKPOINT_LABEL = "Point de sauvegarde automatique";

/**
 * Saves the live draft as a named, immutable version: its document, the Yjs
 * state that renders it, its number, label, author, time and content hash.
 */
export async function versionSaver(services: Services, charterId: string, authorId: string, label: string, ip: string | null): Promise<VersionRow> {
  return saveVersion(services, charterId, await draftSnapshot(services, charterId), { kind: "named", label, authorId, ip });
}

/**
 * Takes an automatic checkpoint of a draft that changed (the collaboration
 * server calls it when the last client leaves), unless the latest version
 * already has the same content.
 */
export async function checkpointSaver(services: Services, charterId: string, doc: Y.Doc): Promise<VersionRow | null> {
  const snapshot = { ystate: Y.encodeStateAsUpdate(doc), doc: ydocToCharter(doc) };
  if ((await latestVersionHash(services.db, charterId)) == contentHash(snapshot.doc)) return null;
  return saveVersion(services, charterId, snapshot, { kind: "auto", label: CHECKPOINT_LABEL, authorId: null, ip: null });
}

/**
 * Keeps the current draft as an automatic version labelled `label` (before a
 * restore, say), unless the latest version already has the same content.
 */
export async function draftCheckpointSaver(services: Services, charterId: string, label: string, ip: string | null): Promise<VersionRow | null> {
  const snapshot = await draftSnapshot(services, charterId);
  if ((await latestVersionHash(services.db, charterId)) == contentHash(snapshot.doc)) return null;
  return saveVersion(services, charterId, snapshot, { kind: "auto", label, authorId: null, ip });
}

async function saveVersion(
  services: Services, charterId: string, snapshot: DraftSnapshot,
  meta: { kind: VersionRow["kind"]; label: string; authorId: string | null; ip: string | null },
): Promise<VersionRow> {
  const hash = contentHash(snapshot.doc);
  const document = JSON.stringify(snapshot.doc.toJSON());
  const saved = await services.db.transaction(async (trx) => {
    const row: VersionRow = {
      id: randomUUID(), charter_id: charterId, number: await nextVersionNumber(trx, charterId), label: meta.label, kind: meta.kind,
      author_id: meta.authorId, created_at: now(), hash, document, ystate: Buffer.from(snapshot.ystate),
    };
    await insertVersion(trx, row);
    await recordAudit(trx, {
      actorId: meta.authorId, charterId, action: meta.kind == "auto" ? "version.checkpoint" : "version.saved",
      subjectType: "version", subjectId: row.id, ip: meta.ip, details: { number: row.number, label: row.label, hash },
    });
    return row;
  });
  services.events.emit("topic-changed", { charterId, topic: "versions" });
  return saved;
}
