import type { Knex } from "knex";
import { now } from "./rows.js";

/** Appends a Yjs update to the charter's draft log. */
export async function appendDocumentUpdate(db: Knex, charterId: string, update: Uint8Array, userId: string | null): Promise<void> {
  await db("charter_updates").insert({ charter_id: charterId, data: Buffer.from(update), user_id: userId, created_at: now() });
}

/**
 * Reads the charter's updates page by page, in order, handing each page to
 * `onPage` while the next one is being read: decoding overlaps the database.
 */
export async function forEachDocumentUpdatePage(db: Knex, charterId: string, onPage: (updates: Uint8Array[]) => void, pageSize = 2500): Promise<number> {
  const page = (afterId: number) =>
    db("charter_updates").where("charter_id", charterId).where("id", ">", afterId).orderBy("id").limit(pageSize).select("id", "data") as Promise<{ id: number | string; data: Buffer }[]>;
  let count = 0;
  let next: Promise<{ id: number | string; data: Buffer }[]> | null = page(0);
  while (next) {
    const rows: { id: number | string; data: Buffer }[] = await next;
    next = rows.length == pageSize ? page(Number(rows[rows.length - 1].id)) : null;
    onPage(rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)));
    count += rows.length;
  }
  return count;
}
