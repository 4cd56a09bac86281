import type { Knex } from "knex";

/** Why the server took a checkpoint: the last editor left, or a restore was about to replace the draft. */
export type CheckpointReason = "leave" | "restore";

/** A saved version, as stored. */
export interface VersionRow {
  id: string;
  charter_id: string;
  /** The order of every version and checkpoint of the charter (checkpoints merged away leave gaps). */
  number: number;
  /** A named version's own number, V1, V2… (null for checkpoints). */
  named_number: number | null;
  label: string;
  kind: "named" | "auto";
  checkpoint_reason: CheckpointReason | null;
  author_id: string | null;
  created_at: string;
  /** When someone last opened or compared this checkpoint (it is then kept, see checkpointMerge.ts). */
  viewed_at: string | null;
  hash: string;
  document: string;
  ystate: Buffer;
}

/** A version without its content, with its author's name, for lists. */
export type VersionSummaryRow = Omit<VersionRow, "document" | "ystate"> & { author_name: string | null };

const SUMMARY = [
  "charter_versions.id", "charter_versions.charter_id", "number", "named_number", "label", "kind", "checkpoint_reason", "author_id",
  "charter_versions.created_at", "viewed_at", "hash",
];

export async function insertVersion(db: Knex, row: VersionRow): Promise<void> {
  await db("charter_versions").insert(row);
}

/** The order number of the next version or checkpoint of a charter. */
export async function nextVersionNumber(db: Knex, charterId: string): Promise<number> {
  const row = await db("charter_versions").where({ charter_id: charterId }).max({ n: "number" }).first();
  return Number(row?.n ?? 0) + 1;
}

/** The V-number of the next named version of a charter (named versions are never deleted, so none is reused). */
export async function nextNamedNumber(db: Knex, charterId: string): Promise<number> {
  const row = await db("charter_versions").where({ charter_id: charterId }).max({ n: "named_number" }).first();
  return Number(row?.n ?? 0) + 1;
}

export function listVersions(db: Knex, charterId: string): Promise<VersionSummaryRow[]> {
  return db("charter_versions")
    .leftJoin("users", "users.id", "charter_versions.author_id")
    .where("charter_versions.charter_id", charterId)
    .orderBy("number", "desc")
    .select(...SUMMARY, "users.name as author_name");
}

export function getVersion(db: Knex, charterId: string, id: string): Promise<(VersionRow & { author_name: string | null }) | undefined> {
  return db("charter_versions")
    .leftJoin("users", "users.id", "charter_versions.author_id")
    .where({ "charter_versions.charter_id": charterId, "charter_versions.id": id })
    .first("charter_versions.*", "users.name as author_name");
}

/** The latest version or checkpoint of a charter, without its content. */
export function latestVersion(db: Knex, charterId: string): Promise<VersionSummaryRow | undefined> {
  return db("charter_versions").where({ charter_id: charterId }).orderBy("number", "desc").first(...SUMMARY);
}

export function latestVersionHash(db: Knex, charterId: string): Promise<string | null> {
  return db("charter_versions").where({ charter_id: charterId }).orderBy("number", "desc").first("hash").then((r) => r?.hash ?? null);
}

/** Notes that someone is looking at these checkpoints now (named versions are always kept, so they need no note). */
export async function markCheckpointsViewed(db: Knex, charterId: string, ids: string[], at: string): Promise<void> {
  if (ids.length) await db("charter_versions").where({ charter_id: charterId, kind: "auto" }).whereIn("id", ids).update({ viewed_at: at });
}

/** Deletes a checkpoint (merged into a newer one); never a named version. */
export async function deleteCheckpoint(db: Knex, charterId: string, id: string): Promise<number> {
  return db("charter_versions").where({ charter_id: charterId, id, kind: "auto" }).delete();
}
