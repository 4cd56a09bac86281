import { loadConfig } from "../../server/config.js";
import { migrate, openDatabase } from "../../server/store/db.js";
import { createServices } from "../../server/services.js";
import { loadTemplates } from "../../server/templates/load.js";
import { seedDemo } from "../../db/seeds/demo.js";
import { testDemoPasswordHash } from "./testPasswords.js";
import { afterAllTests } from "./afterAllTests.js";
import type { DatabaseKind, TestDatabase } from "./databases.js";

/**
 * Per database kind, a database migrated (and seeded with the demo, at the
 * test password cost) once per mocha process: each test server starts on a
 * copy of it rather than running every migration and the seed again.
 * Migrating and seeding themselves stay tested (database.test.ts).
 */
const templates = new Map<string, Promise<TestDatabase>>();

export async function copyOfTemplate(kind: DatabaseKind, seeded: boolean): Promise<TestDatabase> {
  const key = `${kind.name} ${seeded ? "seeded" : "empty"}`;
  if (!templates.has(key)) {
    if (templates.size == 0) afterAllTests(dropTemplates);
    templates.set(key, made(kind, seeded));
  }
  return kind.copy(await templates.get(key)!);
}

async function made(kind: DatabaseKind, seeded: boolean): Promise<TestDatabase> {
  const database = await kind.create();
  const config = loadConfig({ SEED_DEMO: "false" }, { dataDir: database.dataDir, databaseUrl: database.databaseUrl });
  const db = openDatabase(config);
  try {
    await migrate(db);
    if (seeded) {
      await seedDemo(createServices({ db, config, templates: loadTemplates(config.templatesDir) }));
      await db("users").update({ password_hash: await testDemoPasswordHash() });
    }
    // Copied as one file on SQLite: nothing may be left in the write-ahead log.
    if (!database.databaseUrl) await db.raw("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    // Closed for good: PostgreSQL copies a template only while no one is connected to it.
    await db.destroy();
  }
  return database;
}

async function dropTemplates(): Promise<void> {
  for (const template of templates.values()) await (await template.catch(() => null))?.drop();
  templates.clear();
}
