import type { Knex } from "knex";
import { now } from "./rows.js";

/** Appends a Yjs update to the charter's draft log. */
export async function appendDocumentUpdate(db: Knex, charterId: string, update: Uint8Array, userId: string | null): Promise<void> {
  await db("charter_updates").insert({ charter_id: charterId, data: Buffer.from(update), user_id: userId, created_at: now() });
}

/** The charter's Yjs updates, in the order they were stored. */
export async function loadDocumentUpdates(db: Knex, charterId: string): Promise<Uint8Array[]> {
  const rows = await db("charter_updates").where({ charter_id: charterId }).orderBy("id").select("data");
  return rows.map((r: { data: Buffer }) => new Uint8Array(r.data));
}
