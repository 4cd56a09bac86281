import type { Server } from "node:http";
import { loadConfig, type Config } from "../../server/config.js";
import { migrate, openDatabase } from "../../server/store/db.js";
import { loadTemplates } from "../../server/templates/load.js";
import { createCharteServer, listen } from "../../server/server.js";
import { seedDemo, DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { createServices, type Services } from "../../server/services.js";
import type { CollabHub, HubOptions } from "../../server/collab/hub.js";
import { sqliteOnly, type DatabaseKind, type TestDatabase } from "./databases.js";

/** A running Charte on a random port, with its own fresh database. */
export interface TestServer {
  url: string;
  port: number;
  services: Services;
  server: Server;
  hub: CollabHub;
  /** ws://… base of the collaboration server. */
  wsUrl: string;
  /** Calls the API; `token` adds the Authorization header. */
  api(method: string, path: string, options?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  /** Logs in and returns the token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  database?: DatabaseKind;
  /** Seeds the demo data (default true). */
  seedDemo?: boolean;
  config?: Partial<Config>;
  hub?: Partial<HubOptions>;
}

/** Starts a real server (real database, real HTTP) on port 0. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database: TestDatabase = await (options.database ?? sqliteOnly).create();
  const config = loadConfig(
    // Mocha runs every test file in one process and many log in often: the login limits are lifted unless a test sets them.
    { SEED_DEMO: "false", LOGIN_MAX_FAILURES: "1000", LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000", LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000000", PASSWORD_HASH_QUEUE: "1000" },
    { port: 0, host: "127.0.0.1", dataDir: database.dataDir, databaseUrl: database.databaseUrl, ...options.config },
  );
  const db = openDatabase(config);
  await migrate(db);
  const services: Services = createServices({ db, config, templates: loadTemplates(config.templatesDir) });
  if (options.seedDemo ?? true) await seedDemo(services);
  const { server, hub } = createCharteServer(services, options.hub);
  const port = await listen(server, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}`;
  services.config.publicUrl = url;

  const api: TestServer["api"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    } else if (body !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body: parsed };
  };

  return {
    url, port, services, server, hub, api, wsUrl: url.replace(/^http/, "ws"),
    async login(email, password = DEMO_PASSWORD) {
      const res = await api("POST", "/api/auth/login", { body: { email, password } });
      if (res.status != 200) throw new Error(`Login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    async close() {
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      await database.drop();
    },
  };
}
