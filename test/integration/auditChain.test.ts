import { expect } from "chai";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Knex } from "knex";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { isPostgres, migrate, openDatabase } from "../../server/store/db.js";
import { migrationSource } from "../../db/migrations/index.js";
import { entryHash, GENESIS_HASH } from "../../server/store/auditChain.js";
import { verifyAllChains, verifyChain } from "../../server/domain/audit/chainVerifier.js";

const run = promisify(execFile);

/** Lifts the append-only guard, as someone with full access to the database could. */
async function dropGuards(db: Knex): Promise<void> {
  if (isPostgres(db)) await db.raw("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update");
  else {
    await db.raw("DROP TRIGGER audit_events_no_update");
    await db.raw("DROP TRIGGER audit_events_no_delete");
  }
}

/** `npm run audit:verify` against the test server's database, as an operator would run it. */
async function auditVerifyScript(server: TestServer): Promise<{ code: number; out: string }> {
  const env = { ...process.env, DATA_DIR: server.services.config.dataDir, DATABASE_URL: server.services.config.databaseUrl ?? "" };
  try {
    const { stdout } = await run("npm", ["run", "--silent", "audit:verify"], { env });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/**
 * Issue 10: every audit entry is chained to the one before it in its chain
 * (the charter's, or the platform's); a change made behind the server's back
 * (an entry altered, deleted or slipped in) is found and named, by
 * `npm run audit:verify` and by the pilots' route.
 */
for (const kind of databaseKinds()) describe(`tamper-evident audit log on ${kind.name}`, function () {
  this.timeout(120000);
  let server: TestServer;
  let charterId: string;
  let pilot: string;
  let clauseId: string;
  const comment = (token: string, body: string) => server.api("POST", `/api/charters/${charterId}/comments`, { token, body: { clauseId, body } });
  const verify = () => server.api("GET", `/api/charters/${charterId}/audit/verify`, { token: pilot });
  const chainOfCharter = () => server.services.db("audit_events").where({ charter_id: charterId }).orderBy("id");

  beforeEach(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    pilot = await server.login("pilote@example.org");
    const document = (await server.api("GET", `/api/charters/${charterId}/document`, { token: pilot })).body.document;
    clauseId = JSON.stringify(document).match(/"id":"(cl-[^"]+)"/)![1];
    for (const body of ["Premier avis.", "Deuxième avis.", "Troisième avis."]) expect((await comment(pilot, body)).status).to.equal(201);
  });
  afterEach(() => server.close());

  it("chains each entry to the one before it in its chain, up to the recorded head", async () => {
    const rows = await chainOfCharter();
    expect(rows.length).to.be.greaterThan(3);
    rows.forEach((row, i) => {
      expect(Number(row.seq)).to.equal(i + 1);
      expect(row.prev_hash).to.equal(i ? rows[i - 1].hash : GENESIS_HASH);
      expect(row.hash).to.equal(entryHash(row)).and.match(/^[0-9a-f]{64}$/);
    });
    const res = await verify();
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ intact: true, chain: charterId, entries: rows.length, problem: null });
    expect(res.body.head).to.deep.equal({ id: Number(rows.at(-1).id), seq: rows.length, hash: rows.at(-1).hash });
    // The platform's chain (logins, accounts) is intact too.
    const reports = await verifyAllChains(server.services.db);
    expect(reports.map((r) => r.chain)).to.include.members(["platform", charterId]);
    expect(reports.filter((r) => !r.intact)).to.deep.equal([]);
    // Entries stay append-only.
    let refused = false;
    try { await server.services.db("audit_events").where({ id: rows[0].id }).update({ action: "x" }); } catch { refused = true; }
    expect(refused).to.equal(true);
  });

  it("names an entry altered in the database, in the route and in `npm run audit:verify`", async () => {
    const intact = await auditVerifyScript(server);
    expect(intact.code, intact.out).to.equal(0);
    expect(intact.out).to.include("Journal d'audit intact");

    const rows = await chainOfCharter();
    const target = rows[rows.length - 2];
    await dropGuards(server.services.db);
    await server.services.db("audit_events").where({ id: target.id }).update({ ip: "10.6.6.6" });

    const res = await verify();
    expect(res.body.intact).to.equal(false);
    expect(res.body.problem).to.deep.include({ kind: "altered", entryId: Number(target.id) });
    expect(res.body.problem.message).to.include(`n° ${target.id} a été modifiée`);
    const broken = await auditVerifyScript(server);
    expect(broken.code, broken.out).to.equal(1);
    expect(broken.out).to.include(`altered entrée ${target.id}`).and.include(charterId);
  });

  it("names an entry altered and hashed again by the one after it", async () => {
    const rows = await chainOfCharter();
    const target = rows[1];
    await dropGuards(server.services.db);
    const forged = { ...target, details: JSON.stringify({ forged: true }) };
    await server.services.db("audit_events").where({ id: target.id }).update({ details: forged.details, hash: entryHash(forged) });
    expect((await verify()).body.problem).to.deep.include({ kind: "altered", entryId: Number(target.id) });
  });

  it("names where an entry was deleted, in the middle or at the end of the chain", async () => {
    const rows = await chainOfCharter();
    await dropGuards(server.services.db);
    await server.services.db("audit_events").where({ id: rows.at(-1).id }).delete();
    const atEnd = (await verify()).body;
    expect(atEnd.problem.kind).to.equal("deleted");
    expect(atEnd.problem.message).to.include("La dernière entrée a été supprimée");

    await server.services.db("audit_events").where({ id: rows[1].id }).delete();
    const inMiddle = (await verify()).body;
    expect(inMiddle.problem).to.deep.include({ kind: "deleted", entryId: Number(rows[2].id), seq: 3 });
    expect(inMiddle.problem.message).to.include(`juste avant l'entrée n° ${rows[2].id}`);
  });

  it("names an entry inserted, whether chained properly or not", async () => {
    const db = server.services.db;
    const last = (await chainOfCharter()).at(-1);
    // Well forged: right place, right hash; only the recorded head says it was not the platform's.
    const forged = { at: new Date().toISOString(), actor_id: null, charter_id: charterId, action: "signature.recorded", subject_type: null, subject_id: null, details: null, ip: null, seq: Number(last.seq) + 1, prev_hash: last.hash };
    const [row] = await db("audit_events").insert({ ...forged, hash: entryHash(forged) }).returning("id");
    const id = Number(typeof row == "object" ? row.id : row);
    const report = await verifyChain(db, charterId);
    expect(report.problem).to.deep.include({ kind: "inserted", entryId: id });
    expect(report.problem!.message).to.include(`n° ${id} a été ajoutée`);
    const broken = await auditVerifyScript(server);
    expect(broken.code).to.equal(1);
    expect(broken.out).to.include(`inserted entrée ${id}`);
  });

  it("names an entry slipped in whose links do not hold", async () => {
    const db = server.services.db;
    const junk = { at: new Date().toISOString(), actor_id: null, charter_id: charterId, action: "approval.approved", subject_type: null, subject_id: null, details: "{}", ip: null, seq: 2, prev_hash: "ab".repeat(32), hash: "cd".repeat(32) };
    const [row] = await db("audit_events").insert(junk).returning("id");
    const id = Number(typeof row == "object" ? row.id : row);
    expect((await verify()).body.problem).to.deep.include({ kind: "inserted", entryId: id });
  });

  it("keeps one unforked chain when many requests audit at once", async () => {
    const tokens = await Promise.all(["pilote@example.org", "redacteur@example.org", "comite@example.org"].map((email) => server.login(email)));
    const requests = Array.from({ length: 40 }, (_, i) =>
      i % 4 == 3
        ? server.api("POST", "/api/auth/login", { body: { email: "pilote@example.org", password: "pas le bon" } })
        : comment(tokens[i % tokens.length], `Commentaire simultané ${i}`),
    );
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.status == 201)).to.have.length(30);
    const rows = await chainOfCharter();
    expect(rows.map((r) => Number(r.seq))).to.deep.equal(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prev_hash)).size).to.equal(rows.length);
    expect((await verify()).body.intact).to.equal(true);
    expect((await verifyAllChains(server.services.db)).filter((r) => !r.intact)).to.deep.equal([]);
  });
});

for (const kind of databaseKinds()) describe(`chaining the audit entries already there on ${kind.name}`, function () {
  this.timeout(60000);

  it("chains the entries written before the migration, in id order, per charter", async () => {
    const target = await kind.create();
    const db = openDatabase(target);
    try {
      const all = await migrationSource.getMigrations([]);
      const before = all.indexOf("20261201100000_audit_chain");
      for (let i = 0; i < before; i++) await db.migrate.up({ migrationSource });
      const at = "2026-11-30T10:00:00.000Z";
      const old = [
        { at, actor_id: null, charter_id: null, action: "user.login_failed", details: JSON.stringify({ via: "login", reason: "unknown_email" }), ip: "127.0.0.1" },
        { at, actor_id: "u1", charter_id: "c1", action: "charter.created", details: JSON.stringify({ title: "Charte « test »", b: 1, a: [2, { z: 1, y: null }] }), ip: null },
        { at, actor_id: "u1", charter_id: "c2", action: "charter.created", details: null, ip: null },
        { at, actor_id: "u2", charter_id: "c1", action: "comment.created", details: JSON.stringify({ clauseId: null }), ip: "::1" },
      ];
      for (const row of old) await db("audit_events").insert(row);
      await migrate(db);

      const rows = await db("audit_events").orderBy("id");
      expect(rows.map((r) => [r.charter_id, Number(r.seq)])).to.deep.equal([[null, 1], ["c1", 1], ["c2", 1], ["c1", 2]]);
      expect(rows[3].prev_hash).to.equal(rows[1].hash);
      const reports = await verifyAllChains(db);
      expect(reports.map((r) => [r.chain, r.intact, r.entries])).to.deep.equal([["platform", true, 1], ["c1", true, 2], ["c2", true, 1]]);
      // Rolled back and brought up again, the chain is the same.
      await db.migrate.down({ migrationSource, name: "20261201100000_audit_chain" });
      await migrate(db);
      expect((await db("audit_events").orderBy("id")).map((r) => r.hash)).to.deep.equal(rows.map((r) => r.hash));
      expect((await verifyAllChains(db)).every((r) => r.intact)).to.equal(true);
      // The guard is back once the entries are chained.
      let refused = false;
      try { await db("audit_events").where({ id: rows[0].id }).update({ seq: 9 }); } catch { refused = true; }
      expect(refused).to.equal(true);
    } finally {
      await db.destroy();
      await target.drop();
    }
  });
});
