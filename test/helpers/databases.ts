import { mkdtempSync, rmSync } from "node:fs";
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
}

const sqlite: DatabaseKind = {
  name: "sqlite",
  async create() {
    const dataDir = mkdtempSync(join(tmpdir(), "charte-test-"));
    return { databaseUrl: null, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
};

/**
 * A fresh PostgreSQL database, made on the server named by `DATABASE_URL`
 * (the role there must be allowed to create databases) and dropped afterwards.
 */
function postgres(adminUrl: string): DatabaseKind {
  return {
    name: "postgresql",
    async create() {
      const name = `charte_test_${randomBytes(6).toString("hex")}`;
      const admin = knex({ client: "pg", connection: adminUrl, pool: { min: 0, max: 1 } });
      await admin.raw(`CREATE DATABASE ${name}`);
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
    },
  };
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
