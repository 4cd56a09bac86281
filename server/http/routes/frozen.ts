import { route } from "../route.js";
import { draftSnapshot } from "../../domain/documents.js";
import { contentHash } from "../../domain/versions/canonical.js";
import { getVersion } from "../../store/versions.js";
import { getUser } from "../../store/users.js";
import { conflict } from "../errors.js";
import { presentVersion } from "./versions.js";
import { currentRound, recordView } from "../../store/signing.js";
import { now } from "../../store/rows.js";

/**
 * What every member reads while a version is put to approval: that version,
 * whole, and whether the live draft has moved on from it (a restore, or edits
 * saved after the version was named), so nobody mistakes one for the other.
 */
export const frozenRoutes = [
  route({
    method: "get", path: "/charters/:id/frozen-version", tag: "versions", access: { charter: "document:read" },
    summary: "The version frozen for approval, with its document (ProseMirror JSON) and whether the live draft differs from it.",
    responds: "`{version: {…, document}, draftHash, draftDiffers}`; 409 `not_frozen` when no version is frozen.",
    async handle({ services, charter, membership, auth, ip }) {
      const version = charter!.frozen_version_id ? await getVersion(services.db, charter!.id, charter!.frozen_version_id) : null;
      if (!version) throw conflict("not_frozen", "Aucune version n'est figée pour approbation : le texte est en cours de rédaction.");
      const author = version.author_id ? await getUser(services.db, version.author_id) : null;
      // When a signatory first read the text is part of the evidence of their signature.
      if (membership!.role == "signatory") {
        const round = await currentRound(services.db, charter!.id);
        if (round) await recordView(services.db, round.id, auth!.user.id, now(), ip);
      }
      const draftHash = contentHash((await draftSnapshot(services, charter!.id)).doc);
      return {
        body: {
          version: { ...presentVersion({ ...version, author_name: author?.name ?? null }), document: JSON.parse(version.document) },
          draftHash,
          draftDiffers: draftHash != version.hash,
        },
      };
    },
  }),
];
