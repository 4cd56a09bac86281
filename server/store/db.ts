import knex, { type Knex } from "knex";
import { ensurePrivateDir, ensurePrivateFile, tightenIfPresent } from "./privateFiles.js";
import { join } from "node:path";
import { migrationSource } from "../../db/migrations/index.js";

/** Where the database is: a PostgreSQL URL, or a SQLite file. */
export interface DatabaseTarget {
  databaseUrl: string | null;
  dataDir: string;
}

/** Opens the database: PostgreSQL when a URL is given, else SQLite in `dataDir`. */
export function openDatabase(target: DatabaseTarget): Knex {
  if (target.databaseUrl) {
    return knex({ client: "pg", connection: target.databaseUrl, pool: { min: 0, max: 10 } });
  }
  const filename = join(target.dataDir, "charte.sqlite");
  ensurePrivateDir(target.dataDir);
  // Made before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
  ensurePrivateFile(filename);
  for (const suffix of ["-wal", "-shm", "-journal"]) tightenIfPresent(filename + suffix);
  return knex({
    client: "sqlite3",
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      // One connection: SQLite serialises writes anyway, and this keeps
      // transactions from waiting on each other's locks.
      afterCreate: (conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) => {
        conn.exec("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;", (err) => done(err, conn));
      },
    },
  });
}

/** Brings the schema up to date. */
export async function migrate(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

/** Whether `db` is PostgreSQL. */
export function isPostgres(db: Knex): boolean {
  return String(db.client.config.client).startsWith("p");
}
