import type { Knex } from "knex";
import { now } from "./rows.js";
import { isPostgres } from "./db.js";

/** Appends a Yjs update to the charter's draft log. */
export async function appendDocumentUpdate(db: Knex, charterId: string, update: Uint8Array, userId: string | null): Promise<void> {
  await db("charter_updates").insert({ charter_id: charterId, data: Buffer.from(update), user_id: userId, created_at: now() });
}

/** Most updates read in one page of a charter's log. */
const PAGE_ROWS = 2000;

/**
 * Reads the charter's updates in order, page by page, handing each page to
 * `onPage` while the next one is being read; reading stops at the first empty
 * page. Each page comes back as a single row — the updates joined into one
 * binary, plus their lengths — because the drivers cost a few microseconds per
 * row, which on a 10,000-update log is most of the time spent opening it.
 */
export async function forEachDocumentUpdatePage(db: Knex, charterId: string, onPage: (updates: Uint8Array[]) => void): Promise<number> {
  let count = 0;
  let next: Promise<LogPage | null> | null = readPage(db, charterId, 0);
  while (next) {
    const page: LogPage | null = await next;
    if (!page) break;
    next = readPage(db, charterId, page.lastId);
    onPage(page.updates);
    count += page.updates.length;
  }
  return count;
}

interface LogPage {
  updates: Uint8Array[];
  lastId: number;
}

async function readPage(db: Knex, charterId: string, afterId: number): Promise<LogPage | null> {
  if (!(await joinsBytesAsTheyAre(db))) return readPageByRows(db, charterId, afterId);
  try {
    return await readJoinedPage(db, charterId, afterId);
  } catch {
    // The joined page is too big for the database (a string or blob has a size
    // limit, 1 GB by default): read the same page row by row instead.
    return readPageByRows(db, charterId, afterId);
  }
}

const joinsBytes = new WeakMap<Knex, Promise<boolean>>();

/**
 * Whether the database joins binary values byte for byte: PostgreSQL does;
 * SQLite's group_concat goes through text, which is left untouched only in a
 * UTF-8 database (the default, and what Charte creates).
 */
function joinsBytesAsTheyAre(db: Knex): Promise<boolean> {
  let known = joinsBytes.get(db);
  if (!known) {
    known = isPostgres(db) ? Promise.resolve(true) : db.raw("PRAGMA encoding").then((rows: { encoding: string }[]) => rows[0]?.encoding == "UTF-8");
    joinsBytes.set(db, known);
  }
  return known;
}

async function readJoinedPage(db: Knex, charterId: string, afterId: number): Promise<LogPage | null> {
  const postgres = isPostgres(db);
  const joined = postgres ? "string_agg(data, ''::bytea ORDER BY id)" : "cast(group_concat(data, x'' ORDER BY id) AS blob)";
  const lengths = postgres ? "string_agg(length(data)::text, ',' ORDER BY id)" : "group_concat(length(data), ',' ORDER BY id)";
  const result = await db.raw(
    `SELECT ${joined} AS data, ${lengths} AS lengths, max(id) AS last_id
     FROM (SELECT id, data FROM charter_updates WHERE charter_id = ? AND id > ? ORDER BY id LIMIT ?) AS page`,
    [charterId, afterId, PAGE_ROWS],
  );
  const row = (postgres ? result.rows : result)[0] as { data: Buffer | null; lengths: string | null; last_id: number | string | null };
  if (!row?.data || !row.lengths) return null;
  const updates: Uint8Array[] = [];
  let offset = 0;
  for (const length of row.lengths.split(",")) {
    const end = offset + Number(length);
    updates.push(new Uint8Array(row.data.buffer, row.data.byteOffset + offset, end - offset));
    offset = end;
  }
  if (offset != row.data.byteLength) throw new Error(`The update log of charter ${charterId} did not read back whole`);
  return { updates, lastId: Number(row.last_id) };
}

async function readPageByRows(db: Knex, charterId: string, afterId: number): Promise<LogPage | null> {
  const rows: { id: number | string; data: Buffer }[] = await db("charter_updates")
    .where("charter_id", charterId).where("id", ">", afterId).orderBy("id").limit(PAGE_ROWS).select("id", "data");
  if (!rows.length) return null;
  return { updates: rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)), lastId: Number(rows[rows.length - 1].id) };
}
