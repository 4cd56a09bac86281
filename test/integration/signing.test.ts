import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { hashPassword } from "../../server/auth/passwords.js";
import { endDate } from "../../server/domain/signing/signatureRecorder.js";
import { migrate, openDatabase } from "../../server/store/db.js";
import { migrationSource } from "../../db/migrations/index.js";
import { parisDay } from "../../server/shared/frenchDates.js";

/**
 * Issue 10: approval ("visa") of the frozen version by every signatory
 * organisation of the demo charter, opening of signing, signatures
 * (re-authenticated, consented, drawn or typed), refusals, and every refusal
 * of the server along the way, on a real server and database.
 */
for (const kind of databaseKinds()) describe(`approval and signature on ${kind.name}`, function () {
  this.timeout(120000);
  let server: TestServer;
  let charterId: string;
  let pilot: string;
  /** Each signatory organisation of the demo charter, with its signatory's email. */
  let organisations: { id: string; name: string; email: string }[];
  const tokens = new Map<string, string>();

  const call = (method: string, path: string, token: string, body?: unknown) => server.api(method, `/api/charters/${charterId}${path}`, { token, body });
  const tokenOf = async (email: string) => {
    if (!tokens.has(email)) tokens.set(email, await server.login(email));
    return tokens.get(email)!;
  };
  const status = async () => (await call("GET", "/signatures", pilot)).body;
  const freeze = async (label: string) => {
    const version = (await call("POST", "/versions", pilot, { label })).body;
    const res = await call("POST", "/freeze", pilot, { versionId: version.id, confirmPlaceholders: true });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return version as { id: string; hash: string; number: number };
  };
  const approve = async (email: string) => {
    const res = await call("POST", "/approvals", await tokenOf(email), { decision: "approve" });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  };
  const sign = async (email: string, hash: string, extra: Record<string, unknown> = {}) =>
    call("POST", "/signatures", await tokenOf(email), {
      versionHash: hash, password: DEMO_PASSWORD, capacity: "Directeur", consent: true, mode: "typed", typedName: "Nom Prénom", timeZone: "Europe/Paris", ...extra,
    });
  const clauseIds = async (versionId: string) => {
    const doc = (await call("GET", `/versions/${versionId}`, pilot)).body.version.document;
    return JSON.stringify(doc).match(/"id":"(cl-[^"]+)"/g)!.map((m) => m.slice(6, -1));
  };

  beforeEach(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    tokens.clear();
    pilot = await tokenOf("pilote@example.org");
    const rows = await server.services.db("charter_signatories")
      .join("organisations", "organisations.id", "charter_signatories.organisation_id")
      .join("memberships", function () { this.on("memberships.organisation_id", "=", "organisations.id").andOn("memberships.charter_id", "=", "charter_signatories.charter_id"); })
      .join("users", "users.id", "memberships.user_id")
      .where({ "charter_signatories.charter_id": charterId, "memberships.role": "signatory" })
      .orderBy("charter_signatories.position")
      .select("organisations.id", "organisations.name", "users.email");
    organisations = rows;
  });
  afterEach(() => server.close());

  it("takes the demo charter through approval by all its organisations, signing by each, to signed with its dates", async () => {
    expect(organisations).to.have.length(14);
    const version = await freeze("Version soumise");
    const [first, second, ...rest] = organisations;

    // One organisation asks for changes on two articles: each becomes a comment thread there.
    const [a1, a2] = await clauseIds(version.id);
    const asked = await call("POST", "/approvals", await tokenOf(second.email), { decision: "request_changes", message: "Préciser le délai de saisine.", clauseIds: [a1, a2] });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    const threads = (await call("GET", "/comments", pilot)).body.threads;
    expect(threads.filter((t: { body: string }) => t.body.includes("Préciser le délai de saisine.")).map((t: { clauseId: string }) => t.clauseId).sort()).to.deep.equal([a1, a2].sort());

    // Signing cannot open while approvals are missing: 409 names them.
    await approve(first.email);
    const early = await call("POST", "/signing", pilot, {});
    expect(early.status).to.equal(409);
    expect(early.body.error.id).to.equal("approvals_missing");
    expect(early.body.error.missing.map((o: { id: string }) => o.id).sort()).to.deep.equal([second, ...rest].map((o) => o.id).sort());
    expect(early.body.error.message).to.contain(second.name);

    // The same organisation approves later: that decision replaces its request, which stays in its history.
    for (const org of [second, ...rest]) await approve(org.email);
    let s = await status();
    const secondStatus = s.organisations.find((o: { organisation: { id: string } }) => o.organisation.id == second.id);
    expect(secondStatus.decision.decision).to.equal("approve");
    expect(secondStatus.history.map((d: { decision: string }) => d.decision)).to.deep.equal(["request_changes", "approve"]);
    expect(s.missingApprovals).to.deep.equal([]);

    expect((await call("POST", "/signing", pilot, {})).status).to.equal(200);
    expect((await call("GET", "", pilot)).body.charter.state).to.equal("signing");

    // The signatory is given the consent sentence, naming the version and its hash.
    const mine = (await call("GET", "/signatures", await tokenOf(first.email))).body;
    expect(mine.consentText).to.contain(version.hash).and.contain(first.name);
    await call("GET", "/frozen-version", await tokenOf(first.email));

    const drawn = { mode: "drawn", typedName: undefined, image: { width: 400, height: 150, strokes: [[[10, 10], [50, 60], [90, 20]], [[120, 80]]] }, delegation: "Pour le préfet et par délégation, arrêté n° 2026-DDETS-12" };
    const res = await sign(first.email, version.hash, drawn);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.signature.completed).to.equal(false);
    for (const org of [second, ...rest.slice(0, -1)]) expect((await sign(org.email, version.hash)).status).to.equal(201);
    const last = await sign(rest.at(-1)!.email, version.hash);
    expect(last.body.signature.completed).to.equal(true);

    const charter = (await call("GET", "", pilot)).body.charter;
    const today = parisDay();
    expect(charter).to.include({ state: "signed", effectiveDate: today, endDate: endDate(today, 6) });
    s = await status();
    expect(s.missingSignatures).to.deep.equal([]);
    expect(s.organisations.every((o: { signature: unknown }) => o.signature)).to.equal(true);

    // What the evidence file will need is stored with each signature.
    const stored = await server.services.db("signatures").where({ organisation_id: first.id }).first();
    expect(stored).to.include({ version_hash: version.hash, mode: "drawn", capacity: "Directeur", delegation: drawn.delegation, authentication: "password_reentered", time_zone: "Europe/Paris" });
    expect(stored.consent_text).to.equal(mine.consentText);
    expect(stored.consent_hash).to.match(/^[0-9a-f]{64}$/);
    expect(stored.viewed_at).to.be.a("string");
    expect(stored.approved_at).to.be.a("string");
    expect(JSON.parse(stored.image).strokes).to.have.length(2);
    const actions = (await server.services.db("audit_events").where({ charter_id: charterId }).select("action")).map((r) => r.action);
    expect(actions).to.include.members(["approval.changes_requested", "approval.approved", "signing.opened", "signature.recorded", "charter.signed"]);
  });

  it("refuses a wrong password (401, counted, no signature), a mismatched hash, a second signature, and signing out of order", async () => {
    const version = await freeze("Version soumise");
    for (const org of organisations) await approve(org.email);
    const [first, second] = organisations;
    const order = [first.id, second.id, ...organisations.slice(2).map((o) => o.id)];
    expect((await call("POST", "/signing", pilot, { order: order.slice(1) })).status).to.equal(400);
    expect((await call("POST", "/signing", pilot, { order })).status).to.equal(200);

    const wrong = await sign(first.email, version.hash, { password: "pas-le-bon" });
    expect(wrong.status).to.equal(401);
    expect(wrong.body.error.id).to.equal("reauthentication_failed");
    expect(await server.services.db("signatures").count({ n: "*" }).first().then((r) => Number(r!.n))).to.equal(0);
    const failed = await server.services.db("audit_events").where({ action: "user.login_failed" }).select("details");
    expect(failed.map((r) => JSON.parse(r.details).via)).to.include("signature");

    const mismatch = await sign(first.email, "0".repeat(64));
    expect(mismatch.status).to.equal(409);
    expect(mismatch.body.error.id).to.equal("version_mismatch");

    const outOfOrder = await sign(second.email, version.hash);
    expect(outOfOrder.status).to.equal(409);
    expect(outOfOrder.body.error.id).to.equal("out_of_order");
    expect(outOfOrder.body.error.message).to.contain(first.name);

    expect((await sign(first.email, version.hash)).status).to.equal(201);
    const again = await sign(first.email, version.hash);
    expect(again.status).to.equal(409);
    expect(again.body.error.id).to.equal("already_signed");
    expect((await sign(second.email, version.hash)).status).to.equal(201);

    // Without consent, or with a bad drawing, nothing is stored either.
    const third = organisations[2];
    expect((await sign(third.email, version.hash, { consent: false })).status).to.equal(400);
    expect((await sign(third.email, version.hash, { mode: "drawn", typedName: undefined, image: { width: 400, height: 150, strokes: [[[10, Number.MAX_VALUE]]] } })).status).to.equal(400);
    expect((await sign(third.email, version.hash, { mode: "drawn", typedName: undefined, image: { width: 400, height: 150, strokes: Array.from({ length: 300 }, () => [[1, 1]]) } })).status).to.equal(400);
    expect(await server.services.db("signatures").count({ n: "*" }).first().then((r) => Number(r!.n))).to.equal(2);

    // Readers, editors and pilots cannot sign; nor can anyone before signing opens (covered by the permission matrix).
    const editor = await tokenOf("redacteur@example.org");
    const byEditor = await call("POST", "/signatures", editor, { versionHash: version.hash, password: DEMO_PASSWORD, capacity: "Rédacteur", consent: true, mode: "typed", typedName: "Julien Bernard" });
    expect(byEditor.status).to.equal(403);
  });

  it("stores exactly one signature when two signatories of one organisation sign at once", async () => {
    const version = await freeze("Version soumise");
    for (const org of organisations) await approve(org.email);
    expect((await call("POST", "/signing", pilot, {})).status).to.equal(200);
    const org = organisations[3];
    const email = `second.signataire-${randomUUID().slice(0, 6)}@example.org`;
    const at = new Date().toISOString();
    const userId = randomUUID();
    await server.services.db("users").insert({ id: userId, email, name: "Second Signataire", job_title: "Directeur adjoint", password_hash: await hashPassword(DEMO_PASSWORD), organisation_id: org.id, platform_role: "member", created_at: at });
    await server.services.db("memberships").insert({ id: randomUUID(), charter_id: charterId, user_id: userId, role: "signatory", organisation_id: org.id, created_by: null, created_at: at, updated_at: at });
    const results = await Promise.all([sign(org.email, version.hash), sign(email, version.hash), sign(org.email, version.hash), sign(email, version.hash)]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([201, 409, 409, 409]);
    expect(results.filter((r) => r.status == 409).every((r) => r.body.error.id == "already_signed")).to.equal(true);
    expect(await server.services.db("signatures").where({ organisation_id: org.id }).count({ n: "*" }).first().then((r) => Number(r!.n))).to.equal(1);
  });

  it("counts the last signature once when the last two organisations sign at once", async () => {
    const version = await freeze("Version soumise");
    for (const org of organisations) await approve(org.email);
    expect((await call("POST", "/signing", pilot, {})).status).to.equal(200);
    for (const org of organisations.slice(0, -2)) expect((await sign(org.email, version.hash)).status).to.equal(201);
    const results = await Promise.all(organisations.slice(-2).map((org) => sign(org.email, version.hash)));
    expect(results.map((r) => r.status)).to.deep.equal([201, 201]);
    expect(results.filter((r) => r.body.signature.completed)).to.have.length(1);
    expect((await call("GET", "", pilot)).body.charter.state).to.equal("signed");
  });

  it("sends the charter back to the pilot on a refusal, cancels the round on reopening, and shows earlier decisions as the earlier version's", async () => {
    const v1 = await freeze("Première version soumise");
    for (const org of organisations) await approve(org.email);
    expect((await call("POST", "/signing", pilot, {})).status).to.equal(200);
    const [first, second] = organisations;
    expect((await sign(first.email, v1.hash)).status).to.equal(201);
    const refused = await call("POST", "/refusals", await tokenOf(second.email), { reason: "L'article 5 ne nous engage pas en l'état." });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(201);
    expect((await call("GET", "", pilot)).body.charter.state).to.equal("frozen");
    let s = await status();
    expect(s.missingApprovals.map((o: { id: string }) => o.id)).to.deep.equal([second.id]);
    expect(s.organisations.find((o: { organisation: { id: string } }) => o.organisation.id == first.id).signature).to.not.equal(null);
    expect((await call("POST", "/signing", pilot, {})).body.error.id).to.equal("approvals_missing");

    // Reopening drafting cancels the round: a new freezing starts afresh, the earlier decisions kept as history.
    expect((await call("POST", "/reopen", pilot)).status).to.equal(200);
    expect((await call("POST", "/approvals", await tokenOf(first.email), { decision: "approve" })).status).to.equal(409);
    const v2 = await freeze("Deuxième version soumise");
    s = await status();
    expect(s.round.versionId).to.equal(v2.id);
    expect(s.organisations.every((o: { decision: unknown; signature: unknown }) => o.decision == null && o.signature == null)).to.equal(true);
    expect(s.missingApprovals).to.have.length(14);
    expect(s.earlierRounds).to.have.length(1);
    expect(s.earlierRounds[0]).to.include({ versionId: v1.id, closedReason: "reopened" });
    expect(s.earlierRounds[0].decisions).to.have.length(14);
  });

  it("tells each signatory, on their list of charters, what awaits them: approving, then signing in their turn", async () => {
    const awaiting = async (email: string) => ((await server.api("GET", "/api/charters", { token: await tokenOf(email) })).body.charters as { id: string; awaiting: string | null }[]).find((c) => c.id == charterId)!.awaiting;
    const [first, second] = organisations;
    expect(await awaiting(first.email)).to.equal(null);
    const version = await freeze("Version soumise");
    expect(await awaiting(first.email)).to.equal("approve");
    for (const org of organisations) await approve(org.email);
    expect(await awaiting(first.email)).to.equal(null);
    expect((await call("POST", "/signing", pilot, { order: organisations.map((o) => o.id) })).status).to.equal(200);
    expect(await awaiting(first.email)).to.equal("sign");
    expect(await awaiting(second.email)).to.equal(null);
    expect((await sign(first.email, version.hash)).status).to.equal(201);
    expect(await awaiting(first.email)).to.equal(null);
    expect(await awaiting(second.email)).to.equal("sign");
    expect(await awaiting("lecteur@example.org")).to.equal(null);
  });

  it("refuses a signatory without a signatory organisation, a request for changes without message, and unknown articles", async () => {
    await freeze("Version soumise");
    const email = `sans-organisation-${randomUUID().slice(0, 6)}@example.org`;
    const at = new Date().toISOString();
    const userId = randomUUID();
    await server.services.db("users").insert({ id: userId, email, name: "Sans Organisation", job_title: null, password_hash: await hashPassword(DEMO_PASSWORD), organisation_id: null, platform_role: "member", created_at: at });
    await server.services.db("memberships").insert({ id: randomUUID(), charter_id: charterId, user_id: userId, role: "signatory", organisation_id: null, created_by: null, created_at: at, updated_at: at });
    const orphan = await call("POST", "/approvals", await tokenOf(email), { decision: "approve" });
    expect(orphan.status).to.equal(403);
    expect(orphan.body.error.message).to.contain("organisation signataire");
    const signatory = await tokenOf(organisations[0].email);
    expect((await call("POST", "/approvals", signatory, { decision: "request_changes" })).body.error).to.include({ id: "invalid_input", field: "message" });
    expect((await call("POST", "/approvals", signatory, { decision: "request_changes", message: "Voir l'article", clauseIds: ["cl-inexistant"] })).body.error).to.include({ field: "clauseIds" });
    expect((await call("POST", "/approvals", signatory, { decision: "peut-être" })).status).to.equal(400);
  });

  it("refuses a charter duration beyond six years, or not whole, when the charter is set up", async () => {
    for (const durationYears of [0, 7, 2.5, "six"]) {
      const res = await server.api("POST", "/api/charters", { token: pilot, body: { title: "Charte de test", template: "charte-departementale", departmentCode: "49", durationYears } });
      expect(res.status, String(durationYears)).to.equal(400);
      expect(res.body.error.field).to.equal("durationYears");
    }
    const ok = await server.api("POST", "/api/charters", { token: pilot, body: { title: "Charte de test", template: "charte-departementale", departmentCode: "49", durationYears: 3 } });
    expect(ok.status).to.equal(201);
    expect(ok.body.charter.durationYears).to.equal(3);
  });
});

describe("a charter's end date", () => {
  it("is the effective date plus its duration, less a day, leap days included", () => {
    expect(endDate("2027-03-15", 6)).to.equal("2033-03-14");
    expect(endDate("2028-02-29", 1)).to.equal("2029-02-28");
    expect(endDate("2027-01-01", 6)).to.equal("2032-12-31");
  });
});

const APPROVAL_MIGRATION = "20261201090000_approval_signature";

for (const kind of databaseKinds()) describe(`the approval and signature migration on ${kind.name}`, function () {
  this.timeout(60000);

  it("gives a charter frozen before it its round, and goes back down without losing what references charters", async () => {
    const target = await kind.create();
    const db = openDatabase(target);
    try {
      for (const name of (await migrationSource.getMigrations([])).filter((m) => m < APPROVAL_MIGRATION)) await db.migrate.up({ migrationSource, name });
      const at = new Date().toISOString();
      const user = { id: randomUUID(), email: "a@example.org", name: "A", password_hash: "x", platform_role: "member", created_at: at };
      await db("users").insert(user);
      const charter = randomUUID();
      const version = randomUUID();
      await db("charters").insert({ id: charter, title: "Charte", department_code: "49", state: "drafting", created_by: user.id, created_at: at, updated_at: at });
      await db("charter_versions").insert({ id: version, charter_id: charter, number: 1, label: "V1", kind: "named", author_id: user.id, created_at: at, hash: "a".repeat(64), document: "{}", ystate: Buffer.from([0, 0]) });
      await db("charters").where({ id: charter }).update({ state: "frozen", frozen_version_id: version });
      await db("memberships").insert({ id: randomUUID(), charter_id: charter, user_id: user.id, role: "pilot", organisation_id: null, created_by: null, created_at: at, updated_at: at });
      await db("comments").insert({ id: randomUUID(), charter_id: charter, clause_id: "cl-a", parent_id: null, author_id: user.id, body: "Avis", created_at: at, updated_at: at });

      await db.migrate.up({ migrationSource, name: APPROVAL_MIGRATION });
      expect(await db("approval_rounds").where({ charter_id: charter }).first()).to.include({ version_id: version, version_hash: "a".repeat(64), closed_at: null });
      expect(await db("charters").where({ id: charter }).first()).to.include({ duration_years: 6 });

      await db.migrate.down({ migrationSource, name: APPROVAL_MIGRATION });
      expect(await db.schema.hasTable("approval_rounds")).to.equal(false);
      for (const table of ["memberships", "comments", "charter_versions"]) expect(await db(table).where({ charter_id: charter }).count({ n: "*" }).first().then((r) => Number(r!.n)), table).to.equal(1);
      await migrate(db);
    } finally {
      await db.destroy();
      await target.drop();
    }
  });
});
