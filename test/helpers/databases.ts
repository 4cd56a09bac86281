import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import knex from "knex";

/** A throw-away database for one test app. */
export interface TestDatabase {
  databaseUrl: string | null;
  dataDir: string;
  drop(): Promise<void>;
}

/** One kind of database the tests run against. */
export interface DatabaseKind {
  name: "sqlite" | "postgresql";
  create(): Promise<TestDatabase>;
  /** A fresh database holding a copy of `template`'s tables and rows (nothing may be connected to it); its data folder starts empty. */
  copy(template: TestDatabase): Promise<TestDatabase>;
}

const sqlite: DatabaseKind = {
  name: "sqlite",
  async create() {
    const dataDir = mkdtempSync(join(tmpdir(), "charte-test-"));
    return { databaseUrl: null, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
  async copy(template) {
    const database = await sqlite.create();
    // The template was closed after a checkpoint: its whole content is in this one file.
    copyFileSync(join(template.dataDir, SQLITE_FILE), join(database.dataDir, SQLITE_FILE));
    return database;
  },
};

/** The SQLite file in a data folder, as `openDatabase` names it. */
const SQLITE_FILE = "charte.sqlite";

/**
 * A fresh PostgreSQL database, made on the server named by `DATABASE_URL`
 * (the role there must be allowed to create databases) and dropped afterwards.
 */
function postgres(adminUrl: string): DatabaseKind {
  return {
    name: "postgresql",
    create: () => created(""),
    copy: (template) => created(` TEMPLATE ${new URL(template.databaseUrl!).pathname.slice(1)}`),
  };

  async function created(from: string): Promise<TestDatabase> {
    const name = `charte_test_${randomBytes(6).toString("hex")}`;
    const admin = knex({ client: "pg", connection: adminUrl, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${name}${from}`);
    await admin.destroy();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const dataDir = mkdtempSync(join(tmpdir(), "charte-test-"));
    return {
      databaseUrl: url.toString(),
      dataDir,
      async drop() {
        const admin = knex({ client: "pg", connection: adminUrl, pool: { min: 0, max: 1 } });
        await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * The databases the database tests run against: SQLite always, and
 * PostgreSQL as well when `DATABASE_URL=postgres://…` is set (as in CI).
 */
export function databaseKinds(): DatabaseKind[] {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? [sqlite, postgres(url)] : [sqlite];
}

export const sqliteOnly = sqlite;
