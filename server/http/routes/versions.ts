import { z } from "zod";
import * as Y from "yjs";
import { route } from "../route.js";
import { identifier, text } from "../fields.js";
import { versionSaver } from "../../domain/versions/versionSaver.js";
import { versionRestorer } from "../../domain/versions/versionRestorer.js";
import { charterFreezer, charterReopener } from "../../domain/versions/charterFreezer.js";
import { diffDocuments } from "../../domain/versions/diff.js";
import { readDocument } from "../../domain/versions/documentReader.js";
import { versionDocument } from "../../domain/versions/versionDocuments.js";
import { Authorship } from "../../domain/versions/authorship.js";
import { draftSnapshot } from "../../domain/documents.js";
import { getVersion, listVersions, markCheckpointsViewed, type VersionRow, type VersionSummaryRow } from "../../store/versions.js";
import { now } from "../../store/rows.js";
import { getCharter } from "../../store/charters.js";
import { invalidField, notFound } from "../errors.js";
import type { Services } from "../../services.js";

const labelBody = z.object({
  label: text({ required: "Donnez un nom à la version.", max: 200, maxMessage: "Nom trop long (200 caractères au plus)." }),
});
const freezeBody = z.object({
  versionId: identifier("Choisissez la version à figer."),
  confirmPlaceholders: z.boolean({ error: "« confirmPlaceholders » vaut true ou false." }).optional(),
});

/** A version for the API: `number` is its V-number (null for a checkpoint), `sequence` its place among all versions and checkpoints. */
export function presentVersion(v: VersionSummaryRow | (VersionRow & { author_name: string | null })) {
  return {
    id: v.id, number: v.named_number, sequence: v.number, label: v.label, kind: v.kind, checkpointReason: v.checkpoint_reason, hash: v.hash,
    createdAt: v.created_at, author: v.author_id ? { id: v.author_id, name: v.author_name } : null,
  };
}

async function versionOr404(services: Services, charterId: string, versionId: string) {
  const version = await getVersion(services.db, charterId, versionId);
  if (!version) throw notFound("Version");
  return version;
}

/** A side of a difference, `draft` or a version id: its reading, its content hash and a description. */
async function side(services: Services, charterId: string, ref: unknown, field: string) {
  if (typeof ref != "string" || !ref) throw invalidField(field, `Indiquez « ${field} » : l'identifiant d'une version, ou « draft » pour le projet en cours.`);
  if (ref == "draft") {
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, (await draftSnapshot(services, charterId)).ystate);
      const read = readDocument(doc);
      return { read, hash: read.hash, ref: { id: "draft", number: null, kind: null, label: "Projet en cours", createdAt: null } };
    } finally {
      doc.destroy();
    }
  }
  const version = await getVersion(services.db, charterId, ref);
  if (!version) throw invalidField(field, "Version inconnue.");
  return {
    read: versionDocument(version.id, new Uint8Array(version.ystate)), hash: version.hash,
    ref: { id: version.id, number: version.named_number, kind: version.kind, label: version.label, createdAt: version.created_at },
  };
}

export const versionRoutes = [
  route({
    method: "post", path: "/charters/:id/versions", tag: "versions", access: { charter: "versions:create" }, body: labelBody, budget: "versionSaves",
    summary: "Save the live draft as a named, immutable version (pilots and editors, while drafting).",
    responds: "201 `{id, number, hash, version}` (`number`: the version's own number, V1, V2…).",
    async handle({ services, charter, auth, body, ip }) {
      const version = await versionSaver(services, charter!.id, auth!.user.id, body.label, ip);
      return { status: 201, body: { id: version.id, number: version.named_number, hash: version.hash, version: presentVersion({ ...version, author_name: auth!.user.name }) } };
    },
  }),
  route({
    method: "get", path: "/charters/:id/versions", tag: "versions", access: { charter: "charter:read" },
    summary: "Every named version and automatic checkpoint, newest first. Named versions are numbered on their own (`number`: V1, V2…); checkpoints have no number, and those of one editing session are merged into the last one.",
    responds: "`{versions: [{id, number, sequence, label, kind, checkpointReason, hash, createdAt, author}], frozenVersionId}`.",
    async handle({ services, charter }) {
      return { body: { versions: (await listVersions(services.db, charter!.id)).map(presentVersion), frozenVersionId: charter!.frozen_version_id } };
    },
  }),
  route({
    method: "get", path: "/charters/:id/versions/:versionId", tag: "versions", access: { charter: "charter:read" },
    summary: "One version with its document (ProseMirror JSON), read-only.",
    responds: "`{version: {…, document}}`.",
    async handle({ services, charter, params }) {
      const version = await versionOr404(services, charter!.id, params.versionId);
      // A checkpoint someone is looking at is not merged away meanwhile (checkpointMerge.ts).
      await markCheckpointsViewed(services.db, charter!.id, [version.id], now());
      return { body: { version: { ...presentVersion(version), document: JSON.parse(version.document) } } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/versions/:versionId/restore", tag: "versions", access: { charter: "versions:restore" },
    summary: "Make the live draft equal to this version (pilots). It arrives as a new change that connected collaborators see at once; history is kept.",
    responds: "`{restored: versionId}`.",
    async handle({ services, charter, auth, params, ip }) {
      const version = await versionOr404(services, charter!.id, params.versionId);
      await versionRestorer(services, charter!.id, auth!.user.id, version, ip);
      return { body: { restored: version.id } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/freeze", tag: "versions", access: { charter: "charter:freeze" }, body: freezeBody,
    summary: "Freeze a version for approval (pilots): the charter becomes `frozen` and its draft read-only for everyone, on REST and WebSocket. A version still holding placeholders (« [à compléter] »…) is refused unless `confirmPlaceholders` is true; the audit log then keeps their list.",
    responds: "`{charter: {id, state, frozenVersionId}}`; 409 `placeholders_left` with `{count, placeholders: [{text, where}]}`.",
    async handle({ services, charter, auth, body, ip }) {
      const version = await getVersion(services.db, charter!.id, body.versionId);
      if (!version) throw invalidField("versionId", "Version inconnue.");
      if (version.kind != "named") throw invalidField("versionId", "Seule une version nommée peut être figée pour approbation : enregistrez d'abord une version.");
      await charterFreezer(services, charter!, version, auth!.user.id, ip, { confirmPlaceholders: body.confirmPlaceholders });
      const updated = (await getCharter(services.db, charter!.id))!;
      return { body: { charter: { id: updated.id, state: updated.state, frozenVersionId: updated.frozen_version_id } } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/reopen", tag: "versions", access: { charter: "charter:reopen" },
    summary: "Reopen drafting (pilots); the frozen version stays on record.",
    responds: "`{charter: {id, state, frozenVersionId}}`.",
    async handle({ services, charter, auth, ip }) {
      await charterReopener(services, charter!, auth!.user.id, ip);
      const updated = (await getCharter(services.db, charter!.id))!;
      return { body: { charter: { id: updated.id, state: updated.state, frozenVersionId: updated.frozen_version_id } } };
    },
  }),
  route({
    method: "get", path: "/charters/:id/diff", tag: "versions", access: { charter: "charter:read" }, budget: "differences",
    summary: "Differences between two versions, or a version and the live draft (`?from=<versionId>&to=<versionId|draft>`), over the whole document: title, preamble paragraphs, sections (added, removed, moved, renamed, introduction), clauses (added, removed, moved, words, marks and layout of their paragraphs), commitments added, removed, moved, reworded or reassigned; each change credited to its author and organisation. `identical` is true exactly when the two content hashes are equal, and then every list is empty.",
    responds: "`{from, to, identical, hash: {from, to}, summary, title: {text, authors} | null, preamble: [{change, index, kind, reshaped, text, authors}], sections: [{change, moved, renamed, number, heading, introduction, clauses, authors}], clauses: [{clauseId, change, moved, modified, number, section, heading, body, blocks, commitments, authors}]}`.",
    async handle({ services, charter, query }) {
      const [from, to, authorship] = await Promise.all([
        side(services, charter!.id, query.from, "from"),
        side(services, charter!.id, query.to, "to"),
        Authorship.load(services.db, charter!.id),
      ]);
      await markCheckpointsViewed(services.db, charter!.id, [from.ref.id, to.ref.id].filter((id) => id != "draft"), now());
      return { body: { from: from.ref, to: to.ref, ...diffDocuments(from.read, to.read, authorship, { from: from.hash, to: to.hash }) } };
    },
  }),
];
