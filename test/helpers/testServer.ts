import type { Server } from "node:http";
import { loadConfig, type ClusterConfig, type Config } from "../../server/config.js";
import { migrate, openDatabase } from "../../server/store/db.js";
import { loadTemplates } from "../../server/templates/load.js";
import { createCharteServer, listen } from "../../server/server.js";
import { seedDemo, DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { createServices, type Services } from "../../server/services.js";
import type { CollabHub, HubOptions } from "../../server/collab/hub.js";
import { apiAt, loginWith, type ApiCall } from "./httpApi.js";
import { startEventBus, type EventBusOptions, type PostgresEventBus } from "../../server/cluster/eventBus.js";
import { testDemoPasswordHash } from "./testPasswords.js";
import { copyOfTemplate } from "./databaseTemplates.js";
import { sqliteOnly, type DatabaseKind, type TestDatabase } from "./databases.js";

/** A running Charte on a random port, with its own fresh database. */
export interface TestServer {
  url: string;
  port: number;
  services: Services;
  server: Server;
  hub: CollabHub;
  /** Its database (shared with the servers started with `shareDatabaseWith` it). */
  database: TestDatabase;
  /** On PostgreSQL, the bus that carries events between the servers sharing the database. */
  bus: PostgresEventBus | null;
  /** ws://… base of the collaboration server. */
  wsUrl: string;
  /** Calls the API; `token` adds the Authorization header. */
  api: ApiCall;
  /** Logs in and returns the token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  database?: DatabaseKind;
  /** Seeds the demo data (default true). */
  seedDemo?: boolean;
  /** Keeps the seeded accounts' password hashes at the product's scrypt cost (by default they get the cheaper test cost, see testPasswords.ts). */
  productPasswordCost?: boolean;
  config?: Partial<Config>;
  /** Cluster settings to change (instance id, lease timings). */
  cluster?: Partial<ClusterConfig>;
  hub?: Partial<HubOptions>;
  /** Runs on the database of another test server, as a second instance would (it is dropped with the first). */
  shareDatabaseWith?: TestServer;
  bus?: Partial<EventBusOptions>;
}

/** Starts a real server (real database, real HTTP) on port 0. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const seeded = options.seedDemo ?? !options.shareDatabaseWith;
  // A copy of a database already migrated and seeded, unless the seed must be made here.
  const fromTemplate = !options.shareDatabaseWith && !options.productPasswordCost;
  const kind = options.database ?? sqliteOnly;
  const database: TestDatabase = options.shareDatabaseWith?.database ?? (fromTemplate ? await copyOfTemplate(kind, seeded) : await kind.create());
  const config = loadConfig(
    // Mocha runs every test file in one process and many log in often: the login limits are lifted unless a test sets them.
    { SEED_DEMO: "false", LOGIN_MAX_FAILURES: "1000", LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000", LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000000", PASSWORD_HASH_QUEUE: "1000" },
    { port: 0, host: "127.0.0.1", dataDir: database.dataDir, databaseUrl: database.databaseUrl, ...options.config },
  );
  config.cluster = { ...config.cluster, ...options.cluster };
  const db = openDatabase(config);
  // On a copy of the template there is nothing left to run; the server still checks, as at every start.
  await migrate(db);
  const services: Services = createServices({ db, config, templates: loadTemplates(config.templatesDir) });
  if (seeded && !fromTemplate) {
    // Right after seeding every account is a demo one, with the demo password.
    const seededNow = await seedDemo(services);
    if (seededNow && !options.productPasswordCost) await db("users").update({ password_hash: await testDemoPasswordHash() });
  }
  const bus = await startEventBus(services, options.bus);
  const { server, hub } = createCharteServer(services, options.hub);
  const port = await listen(server, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}`;
  services.config.publicUrl = url;

  const api = apiAt(url);

  return {
    url, port, services, server, hub, database, bus, api, wsUrl: url.replace(/^http/, "ws"),
    login: (email, password = DEMO_PASSWORD) => loginWith(api, email, password),
    async close() {
      await hub.close();
      await bus?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      if (!options.shareDatabaseWith) await database.drop();
    },
  };
}
