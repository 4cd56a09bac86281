import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Knex } from "knex";
import { databaseKinds, type TestDatabase } from "../helpers/databases.js";
import { freePort, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";
import { apiAt, loginWith } from "../helpers/httpApi.js";
import { Typist } from "../helpers/typist.js";
import { eventually } from "../helpers/collab.js";
import { openDatabase } from "../../server/store/db.js";
import { readStoredYDoc, DOCUMENT_FIELD } from "../../server/domain/documents.js";
import { CLOSE_CODES } from "../../server/shared/collab.js";
import { startTestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";

/**
 * Issue 12: SIGTERM (a deploy, a rolling restart) in the middle of a stream
 * of edits loses nothing. The real server process stops accepting, stores
 * what is queued, closes the collaboration sockets with 1012 and exits 0;
 * every edit it said was stored is in the database; the clients come back
 * by themselves to the server started again, and what they had not heard
 * stored is stored then.
 */
for (const kind of databaseKinds()) describe(`stopping the server with SIGTERM on ${kind.name}`, function () {
  this.timeout(120000);
  let database: TestDatabase;
  let db: Knex;
  let server: ServerProcess | null = null;
  let typists: Typist[] = [];
  let env: Record<string, string>;

  beforeEach(async () => {
    database = await kind.create();
    env = {
      DATABASE_URL: database.databaseUrl ?? "", DATA_DIR: database.dataDir, PORT: String(await freePort()), SEED_DEMO: "true",
      LOGIN_MAX_FAILURES: "1000", LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000", LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000000",
    };
    server = await startServerProcess(env);
    db = openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  });
  afterEach(async () => {
    for (const typist of typists) typist.destroy();
    typists = [];
    await server?.kill();
    await db.destroy();
    await database.drop();
  });

  it("stores every acknowledged edit, closes the sockets with 1012 and exits 0; the clients come back and lose nothing", async () => {
    const api = apiAt(server!.url);
    const charterId = (await db("charters").orderBy("created_at").first("id")).id;
    const tokens = await Promise.all(["redacteur@example.org", "pilote@example.org", "redacteur@example.org"].map((email) => loginWith(api, email)));
    typists = tokens.map((token, i) => new Typist(server!.url, charterId, token, i));
    await Promise.all(typists.map((t) => t.synced()));
    for (const typist of typists) typist.start(15);
    await eventually(() => typists.every((t) => t.stored.size >= 10), 20000, "edits stored before the stop");

    const child = server!.child;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const signalled = Date.now();
    child.kill("SIGTERM");
    const code = await exited;
    const took = Date.now() - signalled;
    for (const typist of typists) typist.stop();
    const output = server!.output();
    expect(code, output).to.equal(0);
    expect(took, "stop duration").to.be.below(10000);
    expect(output).to.include("Charte stopped.");
    for (const typist of typists) expect(typist.closeCodes, `typist ${typist.index}`).to.include(CLOSE_CODES.serviceRestart);

    // Everything the server acknowledged is in the database.
    const stored = (await readStoredYDoc(db, charterId)).doc.getXmlFragment(DOCUMENT_FIELD).toString();
    for (const typist of typists) {
      const missing = [...typist.stored].filter((marker) => !stored.includes(marker));
      expect(missing, `typist ${typist.index}: acknowledged but not stored`).to.deep.equal([]);
    }
    if (kind.name == "postgresql") {
      // Its charter was released on the way out: another instance may take it at once, without waiting for the lease to run out.
      const leases = await db("charter_leases").where({ charter_id: charterId }).select(db.raw("expires_at <= now() as released"));
      expect(leases.map((l) => l.released), "lease released").to.deep.equal([true]);
    }
    // Some were typed after the last acknowledgement (else this would not test much).
    expect(typists.some((t) => t.typed.length > t.stored.size), "edits unacknowledged at the stop").to.equal(true);

    // Started again (same data, same port): the clients reconnect by themselves, and the rest is stored.
    server = await startServerProcess(env);
    await eventually(() => typists.every((t) => t.live), 20000, "clients back");
    await eventually(() => {
      for (const t of typists) t.askStored();
      return typists.every((t) => t.stored.size == t.typed.length);
    }, 20000, "everything stored after the restart");
    const after = (await readStoredYDoc(db, charterId)).doc.getXmlFragment(DOCUMENT_FIELD).toString();
    for (const typist of typists) for (const marker of typist.typed) expect(after, `typist ${typist.index}`).to.include(marker);
  });

  it("stops the same way on SIGINT (Ctrl-C), with exit code 0", async () => {
    const child = server!.child;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited, server!.output()).to.equal(0);
    expect(server!.output()).to.match(/SIGINT: stopping[^]*Charte stopped\./);
  });
});

for (const kind of databaseKinds()) describe(`a change to a draft while the collaboration server stops, on ${kind.name}`, function () {
  this.timeout(30000);

  it("is refused with 503 and Retry-After (tried again elsewhere), never half made", async () => {
    const server = await startTestServer({ database: kind });
    try {
      const charterId = await demoCharterId(server);
      const pilot = await server.login("pilote@example.org");
      const before = (await server.services.db("charters").where({ id: charterId }).first("title")).title;
      await server.hub.close();
      const res = await fetch(`${server.url}/api/charters/${charterId}`, {
        method: "PATCH", headers: { authorization: `Bearer ${pilot}`, "content-type": "application/json" }, body: JSON.stringify({ title: "Renommée pendant l'arrêt" }),
      });
      expect(res.status).to.equal(503);
      expect(res.headers.get("retry-after")).to.equal("1");
      expect((await res.json()).error).to.deep.include({ id: "server_restarting", message: "Le serveur redémarre : réessayez dans un instant." });
      expect((await server.services.db("charters").where({ id: charterId }).first("title")).title).to.equal(before);
    } finally {
      await server.close();
    }
  });
});

describe("stopping the server within SHUTDOWN_TIMEOUT_MS", function () {
  this.timeout(60000);

  it("cuts a request that never ends at the bound, and still exits 0", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "charte-stop-"));
    const server = await startServerProcess({ DATA_DIR: dataDir, PORT: String(await freePort()), SHUTDOWN_TIMEOUT_MS: "4000" });
    try {
      // Headers begun, never finished: the connection is busy, never idle, and the server waits for it.
      const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      const cut = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      socket.on("error", () => {});
      const exited = new Promise<number | null>((resolve) => server.child.once("exit", (code) => resolve(code)));
      const signalled = Date.now();
      server.child.kill("SIGTERM");
      expect(await exited, server.output()).to.equal(0);
      await cut;
      const took = Date.now() - signalled;
      expect(took, "waited for the request until near the bound").to.be.above(2500);
      expect(took, "within the bound").to.be.below(4000);
    } finally {
      await server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
