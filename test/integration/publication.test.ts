import { expect } from "chai";
import { databaseKinds, sqliteOnly } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { addUser, demoCharterId } from "../helpers/fixtures.js";
import { openCampaign, signedCharter } from "../helpers/followupFixtures.js";
import { charterAt } from "../helpers/signingFixtures.js";

for (const kind of databaseKinds()) {
  describe(`public page of a signed charter on ${kind.name}`, function () {
    this.timeout(120000);
    let server: TestServer;
    let charterId: string;
    let versionHash: string;
    let demoId: string;
    const tokens: Record<string, string> = {};

    before(async () => {
      server = await startTestServer({ database: kind });
      demoId = await demoCharterId(server);
      ({ charterId, versionHash } = await signedCharter(server, demoId));
      for (const [who, email] of Object.entries({ pilot: "pilote@example.org", editor: "redacteur@example.org", signatory: "signataire@example.org", committee: "comite@example.org", reader: "lecteur@example.org" }))
        tokens[who] = await server.login(email);
    });
    after(() => server.close());

    const publish = (who: string, published: unknown, id = charterId) => server.api("POST", `/api/charters/${id}/publication`, { token: tokens[who], body: { published } });
    const read = (id = charterId) => server.api("GET", `/api/public/charters/${id}`);

    it("answers 404 for an unpublished charter, exactly as for an unknown one", async () => {
      const unpublished = await read();
      const unknown = await read("00000000-0000-4000-8000-000000000000");
      const garbage = await read("pas-une-charte");
      expect(unpublished.status).to.equal(404);
      expect(unpublished.body).to.deep.equal(unknown.body);
      expect(garbage.status).to.equal(404);
      expect(garbage.body).to.deep.equal(unknown.body);
      expect(unknown.body.error.message).to.match(/introuvable/);
    });

    it("lets only pilots publish (403 for every other role, and for someone who is no member)", async () => {
      for (const who of ["editor", "signatory", "committee", "reader"]) {
        const res = await publish(who, true);
        expect(res.status, who).to.equal(403);
        expect(res.body.error.id, who).to.equal("forbidden");
      }
      const outsider = await addUser(server);
      expect((await server.api("POST", `/api/charters/${charterId}/publication`, { token: await server.login(outsider.email), body: { published: true } })).status).to.equal(403);
      expect((await server.api("POST", `/api/charters/${charterId}/publication`, { body: { published: true } })).status).to.equal(401);
      expect((await read()).status).to.equal(404);
    });

    it("refuses with 409 and a French message to publish a charter that is not signed", async () => {
      const drafting = await publish("pilot", true, demoId);
      expect(drafting.status).to.equal(409);
      expect(drafting.body.error.message).to.match(/Impossible dans l'état actuel de la charte/);
      const { charterId: signing } = await charterAt(server, demoId, "signing");
      const res = await publish("pilot", true, signing);
      expect(res.status).to.equal(409);
      expect(res.body.error.message).to.match(/Impossible dans l'état actuel de la charte/);
      expect((await read(signing)).status).to.equal(404);
      expect((await read(demoId)).status).to.equal(404);
    });

    it("refuses a body without a boolean « published », in French", async () => {
      const res = await publish("pilot", "oui");
      expect(res.status).to.equal(400);
      expect(res.body.error.message).to.match(/Indiquez « published »/);
    });

    it("once published, shows the signed version's text and hash, the signatories and the dates, and nothing else", async () => {
      const res = await publish("pilot", true);
      expect(res.status).to.equal(200);
      expect(res.body.published).to.equal(true);
      expect(res.body.publicUrl).to.equal(`${server.url}/chartes-publiques/${charterId}`);
      const charter = (await server.api("GET", `/api/charters/${charterId}`, { token: tokens.pilot })).body.charter;
      expect(charter.publishedAt).to.equal(res.body.publishedAt);
      expect(charter.abilities["charter:publish"]).to.equal(true);

      const page = await read();
      expect(page.status).to.equal(200);
      const { db } = server.services;
      const round = await db("approval_rounds").where({ charter_id: charterId, closed_reason: "signed" }).first();
      const version = await db("charter_versions").where({ id: round.version_id }).first();
      expect(page.body.version.hash).to.equal(versionHash).and.to.equal(version.hash);
      expect(page.body.version.document).to.deep.equal(JSON.parse(version.document));
      const row = await db("charters").where({ id: charterId }).first();
      expect(page.body.charter).to.include({ id: charterId, title: row.title, effectiveDate: row.effective_date, endDate: row.end_date });
      expect(row.effective_date).to.be.a("string");

      const signatures = await db("signatures").join("organisations", "organisations.id", "signatures.organisation_id").where({ round_id: round.id })
        .orderBy([{ column: "signed_at" }, { column: "signatures.id" }]).select("organisations.name", "signer_name", "capacity", "signed_at", "signer_email", "user_id");
      expect(page.body.signatories).to.deep.equal(signatures.map((s) => ({ organisation: s.name, signer: s.signer_name, capacity: s.capacity, delegation: null, signedAt: s.signed_at })));
      expect(page.body.signatories.length).to.be.greaterThan(3);

      // No email, no user id, no draft: the answer holds none of them anywhere.
      const text = JSON.stringify(page.body);
      expect(text).not.to.include("@");
      for (const user of await db("users").select("id")) expect(text, "a user id").not.to.include(user.id);
      for (const s of signatures) expect(text).not.to.include(s.signer_email);
      expect(Object.keys(page.body).sort()).to.deep.equal(["charter", "organisations", "signatories", "synthesis", "version"]);
      expect(page.body.synthesis).to.equal(null);
    });

    it("shows the last closed campaign's synthesis: the headline share and the distributions, without narratives or comments", async () => {
      const editor = await server.services.db("users").where({ email: "redacteur@example.org" }).first();
      const mine = await server.services.db("tracked_commitments").where({ charter_id: charterId, organisation_id: editor.organisation_id }).orderBy("position");
      expect(mine.length).to.be.greaterThan(2);
      // The template's due dates are all to come: three of them are moved into the past so that they fall due in the campaign.
      await server.services.db("tracked_commitments").where({ charter_id: charterId }).whereIn("commitment_id", mine.slice(0, 3).map((c) => c.commitment_id)).update({ due: "2026-06-30" });
      const campaignId = await openCampaign(server, charterId, "Bilan 2027");
      const base = `/api/charters/${charterId}/campaigns/${campaignId}`;
      const declared = await server.api("POST", `${base}/declarations`, { token: tokens.editor, body: { commitmentId: mine[0].commitment_id, status: "realise", narrative: "Récit confidentiel du partenaire." } });
      expect(declared.status).to.equal(201);
      expect((await server.api("POST", `${base}/declarations`, { token: tokens.editor, body: { commitmentId: mine[1].commitment_id, status: "sans_objet", narrative: "", reason: "Motif interne." } })).status).to.equal(201);
      // Not closed yet: the page still has no synthesis.
      expect((await read()).body.synthesis).to.equal(null);
      await server.api("POST", `${base}/state`, { token: tokens.pilot, body: { state: "in_review" } });
      expect((await server.api("POST", `${base}/appraisals`, { token: tokens.committee, body: { declarationId: declared.body.declaration.id, appraisal: "complet", comment: "Commentaire du comité." } })).status).to.equal(201);
      expect((await server.api("POST", `${base}/state`, { token: tokens.pilot, body: { state: "closed" } })).status).to.equal(200);

      const { synthesis } = (await read()).body;
      const total = Number((await server.services.db("tracked_commitments").where({ charter_id: charterId }).count({ n: "*" }).first())!.n);
      expect(synthesis.campaign.label).to.equal("Bilan 2027");
      expect(synthesis.campaign.snapshotSha256).to.match(/^[0-9a-f]{64}$/);
      const count = (list: { id: string; count: number }[], id: string) => list.find((x) => x.id == id)!.count;
      expect(synthesis.overall.total).to.equal(total);
      expect(count(synthesis.overall.byStatus, "realise")).to.equal(1);
      expect(count(synthesis.overall.byStatus, "sans_objet")).to.equal(1);
      expect(count(synthesis.overall.byStatus, "non_renseigne")).to.equal(total - 2);
      expect(count(synthesis.overall.byAppraisal, "complet")).to.equal(1);
      expect(synthesis.overall.byStatus.reduce((n: number, x: { count: number }) => n + x.count, 0)).to.equal(total);
      expect(synthesis.headline).to.deep.equal({ label: "Réalisés / échus, hors sans objet", realised: 1, assessed: 1, share: 1, fallenDue: 3, notDeclared: 1, withoutObject: 1 });
      // The same counts as the dashboard members see for that campaign.
      const dashboard = (await server.api("GET", `/api/charters/${charterId}/dashboard?campaign=${campaignId}`, { token: tokens.reader })).body;
      expect(synthesis.headline).to.include({ realised: dashboard.headline.numerator, assessed: dashboard.headline.denominator, notDeclared: dashboard.headline.notDeclared });
      const departement = synthesis.byOrganisation.find((o: { organisation: string }) => o.organisation == dashboard.byOrganisation.find((d: any) => d.organisation?.id == editor.organisation_id).organisation.name);
      expect(count(departement.byStatus, "realise")).to.equal(1);
      expect(departement.total).to.equal(mine.length);
      expect(synthesis.byStage.reduce((n: number, s: { total: number }) => n + s.total, 0)).to.equal(total);
      const text = JSON.stringify(synthesis);
      for (const secret of ["Récit confidentiel", "Motif interne", "Commentaire du comité"]) expect(text).not.to.include(secret);
    });

    it("records publishing and withdrawing in the journal, in French", async () => {
      expect((await publish("pilot", false)).body).to.deep.include({ published: false, publishedAt: null });
      const journal = await server.api("GET", `/api/charters/${charterId}/audit`, { token: tokens.pilot });
      const sentences = JSON.stringify(journal.body);
      expect(sentences).to.include("a publié la charte signée");
      expect(sentences).to.include("a retiré la publication de la charte");
      const actions = await server.services.db("audit_events").where({ charter_id: charterId }).whereIn("action", ["charter.published", "charter.unpublished"]).orderBy("seq").pluck("action");
      expect(actions).to.deep.equal(["charter.published", "charter.unpublished"]);
    });

    it("answers 404 again once withdrawn, and withdrawing twice records nothing more", async () => {
      expect((await read()).status).to.equal(404);
      expect((await publish("pilot", false)).status).to.equal(200);
      const count = await server.services.db("audit_events").where({ charter_id: charterId, action: "charter.unpublished" }).count({ n: "*" }).first();
      expect(Number(count!.n)).to.equal(1);
      const after = await read();
      expect(after.body).to.deep.equal((await read("00000000-0000-4000-8000-000000000000")).body);
    });
  });
}

describe("public page reads per address", function () {
  this.timeout(120000);
  let server: TestServer;
  before(async () => (server = await startTestServer({ database: sqliteOnly, config: { publicPageReadsPerMinute: 3 } })));
  after(() => server.close());

  it("answers 429 with Retry-After past PUBLIC_PAGE_READS_PER_MINUTE, published or not", async () => {
    for (let i = 0; i < 3; i++) expect((await server.api("GET", "/api/public/charters/00000000-0000-4000-8000-000000000000")).status).to.equal(404);
    const res = await fetch(`${server.url}/api/public/charters/00000000-0000-4000-8000-000000000000`);
    expect(res.status).to.equal(429);
    expect(Number(res.headers.get("retry-after"))).to.be.greaterThan(0);
    expect((await res.json()).error.message).to.match(/Trop de consultations/);
  });
});
