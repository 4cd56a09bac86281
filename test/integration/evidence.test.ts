import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { charterAt } from "../helpers/signingFixtures.js";
import { DRAWN_IMAGE } from "../helpers/evidenceFixtures.js";
import { download, flat, pdfFonts, pdfInfo, pdfStructure, pdfText } from "../helpers/exports.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { entryHash, GENESIS_HASH } from "../../server/store/auditChain.js";
import { sha256Hex } from "../../server/domain/signing/consent.js";
import { preciseDateTime } from "../../server/export/pdf/renderEvidencePdf.js";

/**
 * Issue 10: the evidence file (« fichier de preuve ») of a charter's
 * signatures, as JSON and as a readable PDF: the version signed and its hash,
 * every signature with all that proves it, the round's event log with the
 * re-authentication failures, and the audit chain's head.
 */
for (const kind of databaseKinds()) describe(`evidence file on ${kind.name}`, function () {
  this.timeout(120000);
  let server: TestServer;
  let charterId: string;
  let versionHash: string;
  const get = (what: "json" | "pdf", token: string) => download(`${server.url}/api/charters/${charterId}/evidence.${what}`, token);
  const sign = async (email: string, body: Record<string, unknown>) =>
    server.api("POST", `/api/charters/${charterId}/signatures`, {
      token: await server.login(email),
      body: { versionHash, password: DEMO_PASSWORD, consent: true, timeZone: "Europe/Paris", ...body },
    });

  before(async () => {
    server = await startTestServer({ database: kind });
    ({ charterId, versionHash } = await charterAt(server, await demoCharterId(server), "signing"));
  });
  after(() => server.close());

  it("is refused before the first signature, then holds every signature, the round's events and the chain's head", async () => {
    const reader = await server.login("lecteur@example.org");
    for (const what of ["json", "pdf"] as const) {
      const early = await get(what, reader);
      expect(early.status).to.equal(409);
      expect(early.json.error.id).to.equal("no_signature");
    }

    // The signatory reads the frozen version, then types a wrong password first: no signature, but an entry the evidence file lists.
    const signatories = await server.services.db("memberships").join("users", "users.id", "memberships.user_id").where({ charter_id: charterId, role: "signatory" }).orderBy("users.email").select("users.email", "users.name");
    const other = signatories.find((s) => s.email != "signataire@example.org")!;
    expect((await server.api("GET", `/api/charters/${charterId}/frozen-version`, { token: await server.login("signataire@example.org") })).status).to.equal(200);
    expect((await sign("signataire@example.org", { password: "pas le bon", capacity: "Préfet", mode: "typed", typedName: "Philippe Garnier" })).status).to.equal(401);
    const drawn = await sign("signataire@example.org", { capacity: "Secrétaire général", delegation: "Arrêté préfectoral n° 2026-12", mode: "drawn", image: DRAWN_IMAGE });
    expect(drawn.status, JSON.stringify(drawn.body)).to.equal(201);
    const typed = await sign(other.email, { capacity: "Directrice", mode: "typed", typedName: "Signature « œuvrée »" });
    expect(typed.status, JSON.stringify(typed.body)).to.equal(201);

    const res = await get("json", reader);
    expect(res.status).to.equal(200);
    const evidence = res.json;
    expect(evidence.format).to.equal("charte-evidence/1");
    expect(evidence.charter).to.include({ id: charterId, title: "Charte à signer", state: "signing" });
    expect(evidence.charter.departement).to.deep.equal({ code: "49", name: "Maine-et-Loire" });
    // The named version, not the save point before it with the same text: the file says V1, as the charter does.
    const version = await server.services.db("charter_versions").where({ charter_id: charterId, hash: versionHash, kind: "named" }).first();
    expect(version.named_number).to.equal(1);
    expect(evidence.version).to.include({ id: version.id, number: version.named_number, label: "Version soumise", sha256: versionHash, savedAt: version.created_at });
    expect(evidence.version.frozenAt).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(evidence.level.code).to.equal("SES");
    expect(evidence.level.statement).to.include("signature électronique simple").and.include("marque visible");

    expect(evidence.signatures).to.have.length(2);
    const [first, second] = evidence.signatures;
    const approvedAt = (await server.services.db("approval_decisions").join("users", "users.id", "approval_decisions.user_id").where({ "users.email": "signataire@example.org", charter_id: charterId }).first("approval_decisions.created_at")).created_at;
    expect(first).to.deep.include({
      signer: { id: first.signer.id, name: "Philippe Garnier", email: "signataire@example.org" },
      capacity: "Secrétaire général", delegation: "Arrêté préfectoral n° 2026-12", mode: "drawn", image: DRAWN_IMAGE, typedName: null,
      timeZone: "Europe/Paris", versionHash, approvedAt,
    });
    expect(first.imageSvg).to.match(/^<svg [^>]*viewBox="0 0 300 100"/).and.include('<path d="M20 70 L60 20 L100 75 L140 25"/>');
    expect(first.organisation.name).to.equal("Préfecture de Maine-et-Loire — DDETS");
    expect(first.authentication.method).to.equal("password_reentered");
    expect(first.authentication.label).to.include("mot de passe saisi de nouveau");
    expect(first.authentication.sessionId).to.match(/^[0-9a-f-]{36}$/);
    expect(first.ip).to.match(/127\.0\.0\.1/);
    expect(first.userAgent).to.be.a("string").and.not.equal("");
    expect(first.signedAt > first.approvedAt).to.equal(true);
    expect(first.viewedAt).to.match(/^\d{4}-/);
    expect(first.viewedAt <= first.signedAt).to.equal(true);
    expect(first.consent.text).to.include(versionHash).and.include("Préfecture de Maine-et-Loire");
    expect(first.consent.sha256).to.equal(sha256Hex(first.consent.text));
    expect(second).to.deep.include({ mode: "typed", typedName: "Signature « œuvrée »", image: null, imageSvg: null, delegation: null, capacity: "Directrice" });
    expect(second.signer.email).to.equal(other.email);

    // The round's events, from the freezing on, in chain order: contiguous and each hashing as recorded.
    const actions = evidence.events.map((e: { action: string }) => e.action);
    expect(actions[0]).to.equal("charter.frozen");
    expect(actions.filter((a: string) => a == "approval.approved")).to.have.length(14);
    expect(actions).to.include.members(["signing.opened", "user.login_failed"]);
    expect(actions.filter((a: string) => a == "signature.recorded")).to.have.length(2);
    const failure = evidence.events.find((e: { action: string }) => e.action == "user.login_failed");
    expect(failure.label).to.equal("Échec de la nouvelle authentification avant signature (mot de passe incorrect)");
    expect(failure.details).to.deep.include({ via: "signature", reason: "wrong_password", email: "signataire@example.org" });
    const rows = await server.services.db("audit_events").whereIn("id", evidence.events.map((e: { id: number }) => e.id)).orderBy("id");
    evidence.events.forEach((e: { seq: number; hash: string; prevHash: string }, i: number) => {
      expect(e.hash).to.equal(entryHash(rows[i]));
      if (i) expect(e.prevHash).to.equal(evidence.events[i - 1].hash);
      if (i) expect(e.seq).to.equal(evidence.events[i - 1].seq + 1);
    });
    expect(evidence.events[0].prevHash).to.not.equal(GENESIS_HASH);

    // The chain's head at the time, verified then.
    const head = await server.services.db("audit_chain_heads").where({ chain: charterId }).first();
    expect(evidence.auditChain).to.deep.equal({
      chain: charterId, canonicalForm: "charte-audit/1", head: { entryId: Number(head.last_id), seq: Number(head.seq), sha256: head.hash }, intact: true, problem: null,
    });
    expect(evidence.events.at(-1)).to.include({ id: Number(head.last_id), hash: head.hash });

    // The PDF says the same, readably.
    const pdf = await get("pdf", reader);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get("content-type")).to.equal("application/pdf");
    expect(pdf.headers.get("content-disposition")).to.include("fichier-de-preuve-charte-a-signer-version-");
    const text = flat(await pdfText(pdf.data));
    for (const expected of [
      "Fichier de preuve", "Charte à signer", "Maine-et-Loire (49)", `version ${version.named_number} « Version soumise »`, versionHash,
      "Niveau atteint : signature électronique simple, avec cachet de la plateforme", "l'image tracée ou le nom saisi n'en est que la marque visible",
      "Préfecture de Maine-et-Loire — DDETS", "Philippe Garnier <signataire@example.org>", "Secrétaire général", "par délégation — Arrêté préfectoral n° 2026-12",
      "mot de passe saisi de nouveau", first.authentication.sessionId, `Première lecture de la version : ${flat(preciseDateTime(first.viewedAt))}`, first.userAgent.slice(0, 20), "Europe/Paris", first.consent.sha256, "signature tracée",
      "Nom saisi : Signature « œuvrée »", "Directrice", "Version approuvée (visa)", "Signature ouverte", "Signature enregistrée",
      "Échec de la nouvelle authentification avant signature", "Tête de la chaîne d'audit", `n° ${head.last_id} (rang ${head.seq})`, head.hash, "chaîne intacte",
    ]) expect(text, expected).to.include(expected);
    expect(text).to.include(first.consent.text.slice(0, 60));
    expect(text).to.match(/Page 1 \/ \d+/);
    const info = await pdfInfo(pdf.data);
    expect(info.Tagged).to.equal("yes");
    expect(info.Title).to.equal("Fichier de preuve — Charte à signer");
    expect((await pdfFonts(pdf.data)).every((f) => f.embedded)).to.equal(true);
    const structure = await pdfStructure(pdf.data);
    expect(structure.filter((e) => e.type == "Figure")).to.have.length(1);
    expect(structure.filter((e) => e.type == "H3").map((e) => e.text)).to.include("Préfecture de Maine-et-Loire — DDETS");
  });

  it("once every organisation has signed, holds the fourteen signatures and the completion, the PDF quickly made", async () => {
    const organisations = await server.services.db("charter_signatories").where({ charter_id: charterId }).pluck("organisation_id");
    const signed = await server.services.db("signatures").where({ charter_id: charterId }).pluck("organisation_id");
    const waiting = await server.services.db("memberships").join("users", "users.id", "memberships.user_id")
      .where({ "memberships.charter_id": charterId, "memberships.role": "signatory" }).whereIn("memberships.organisation_id", organisations.filter((o) => !signed.includes(o))).select("users.email", "memberships.organisation_id");
    const done = new Set<string>();
    for (const { email, organisation_id } of waiting) {
      if (done.has(organisation_id)) continue;
      done.add(organisation_id);
      const res = await sign(email, { capacity: "Directeur", mode: "drawn", image: DRAWN_IMAGE });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
    const reader = await server.login("lecteur@example.org");
    const evidence = (await get("json", reader)).json;
    expect(evidence.charter.state).to.equal("signed");
    expect(evidence.charter.effectiveDate).to.match(/^\d{4}-\d\d-\d\d$/);
    expect(evidence.round.closedReason).to.equal("signed");
    expect(evidence.signatures).to.have.length(14);
    expect(evidence.events.at(-1).action).to.equal("charter.signed");
    const started = performance.now();
    const pdf = await get("pdf", reader);
    const elapsed = performance.now() - started;
    expect(pdf.status).to.equal(200);
    expect(elapsed, `evidence.pdf took ${Math.round(elapsed)} ms`).to.be.below(3000);
    const text = flat(await pdfText(pdf.data));
    expect(text).to.include("Signatures (14)").and.include("Charte signée par toutes les organisations").and.include(`Entrée en vigueur : ${evidence.charter.effectiveDate}`);
    expect((await pdfStructure(pdf.data)).filter((e) => e.type == "Figure")).to.have.length(13);
  });
});
