import type { Knex } from "knex";
import { conflict } from "../../http/errors.js";

/** The version the charter was signed in, and its hash: what every campaign follows. */
export async function signedVersion(db: Knex, charterId: string): Promise<{ versionId: string; versionHash: string }> {
  const round = await db("approval_rounds").where({ charter_id: charterId, closed_reason: "signed" }).orderBy("closed_at", "desc").first("version_id", "version_hash");
  if (!round) throw conflict("charter_state", "La charte n'est pas signée : son suivi commence à la signature.");
  return { versionId: round.version_id, versionHash: round.version_hash };
}
