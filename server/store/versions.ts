import type { Knex } from "knex";

/** A saved version, as stored. */
export interface VersionRow {
  id: string;
  charter_id: string;
  number: number;
  label: string;
  kind: "named" | "auto";
  author_id: string | null;
  created_at: string;
  hash: string;
  document: string;
  ystate: Buffer;
}

/** A version without its content, with its author's name, for lists. */
export type VersionSummaryRow = Omit<VersionRow, "document" | "ystate"> & { author_name: string | null };

const SUMMARY = ["charter_versions.id", "charter_versions.charter_id", "number", "label", "kind", "author_id", "charter_versions.created_at", "hash"];

export async function insertVersion(db: Knex, row: VersionRow): Promise<void> {
  await db("charter_versions").insert(row);
}

export async function nextVersionNumber(db: Knex, charterId: string): Promise<number> {
  const row = await db("charter_versions").where({ charter_id: charterId }).max({ n: "number" }).first();
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

export function latestVersionHash(db: Knex, charterId: string): Promise<string | null> {
  return db("charter_versions").where({ charter_id: charterId }).orderBy("number", "desc").first("hash").then((r) => r?.hash ?? null);
}
