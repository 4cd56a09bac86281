import { expect } from "chai";
import { createHash } from "node:crypto";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { signedCharter } from "../helpers/followupFixtures.js";
import { dayFromToday, reportCampaign, type ReportCampaign } from "../helpers/reportFixtures.js";
import { buildDashboard } from "../../server/domain/followup/dashboardModel.js";
import { commitmentsView } from "../../server/domain/followup/commitmentsView.js";
import { EARLIER_CAMPAIGN, reportModel } from "../../server/domain/followup/reportModel.js";
import { getCharter } from "../../server/store/charters.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

for (const kind of databaseKinds()) {
  describe(`a closed campaign stays as it was frozen, on ${kind.name}`, function () {
    this.timeout(180000);
    let server: TestServer;
    let charterId: string;
    let c: ReportCampaign;
    const tokens: Record<string, string> = {};
    const api = (who: string, method: string, path: string, body?: unknown) => server.api(method, `/api/charters/${charterId}${path}`, { token: tokens[who], body });
    const csv = (who: string, text: string) => server.api("POST", `/api/charters/${charterId}/indicators/import`, { token: tokens[who], rawBody: text, headers: { "content-type": "text/csv" } });
    const report = async () => (await fetch(`${server.url}/api/charters/${charterId}/campaigns/${c.campaignId}/report.csv`, { headers: { authorization: `Bearer ${tokens.reader}` } })).text();
    const indicatorId = async (code: string) => (await server.services.db("indicators").where({ charter_id: charterId, code }).first()).id as string;
    const storedValues = async () => Number((await server.services.db("indicator_values").where({ charter_id: charterId }).count({ n: "*" }).first())!.n);

    before(async () => {
      server = await startTestServer({ database: kind });
      ({ charterId } = await signedCharter(server, await demoCharterId(server)));
      for (const [who, email] of Object.entries({ pilot: "pilote@example.org", committee: "comite@example.org", reader: "lecteur@example.org" })) tokens[who] = await server.login(email);
      c = await reportCampaign(server, charterId);
      for (const state of ["in_review", "closed"]) expect((await api("pilot", "POST", `/campaigns/${c.campaignId}/state`, { state })).status).to.equal(200);
      expect((await api("pilot", "POST", "/publication", { published: true })).status).to.equal(200);
    });
    after(() => server.close());

    it("freezes the indicators' whole definitions and the organisations' names in the snapshot, which still hashes to its SHA-256", async () => {
      const row = await server.services.db("campaigns").where({ id: c.campaignId }).first();
      const served = await (await fetch(`${server.url}/api/charters/${charterId}/campaigns/${c.campaignId}/snapshot`, { headers: { authorization: `Bearer ${tokens.reader}` } })).text();
      expect(served).to.equal(row.snapshot);
      expect(sha256(served)).to.equal(row.snapshot_sha256);
      const snapshot = JSON.parse(served);
      expect(snapshot.format).to.equal(2);
      const cql = snapshot.indicators.find((i: any) => i.code == "CQL");
      expect(cql).to.include({ kind: "objective", commitmentId: null });
      expect(cql.source).to.be.a("string").and.not.equal("");
      expect(cql.method).to.be.a("string").and.not.equal("");
      expect(snapshot.organisations.find((o: any) => o.id == cql.organisationId).name).to.be.a("string").and.not.equal("");
      expect(snapshot.indicators.some((i: any) => i.kind == "commitment" && i.commitmentId)).to.equal(true);
      for (const o of c.organisations) expect(snapshot.organisations).to.deep.include({ id: o.id, name: o.name });
    });

    it("refuses (409 value_frozen, nothing stored) a provisional value replacing one it froze, typed in or imported; takes the final value as a correction", async () => {
      const n = c.years[2];
      const before = await storedValues();
      const imported = await csv("committee", `indicateur;période;valeur\nCQL;${n};999`);
      expect(imported.status, JSON.stringify(imported.body)).to.equal(409);
      expect(imported.body.error.id).to.equal("value_frozen");
      expect(imported.body.error.message).to.equal(`La valeur de « CQL » pour ${n} est arrêtée par la campagne close « ${c.label} » : seule sa valeur définitive peut encore être saisie, et le rapport arrêté garde la valeur figée.`);
      const typed = await api("committee", "POST", `/indicators/${await indicatorId("CQL")}/values`, { period: String(n), value: 999, final: false });
      expect(typed.status).to.equal(409);
      expect(typed.body.error.id).to.equal("value_frozen");
      expect(await storedValues()).to.equal(before);
      const corrected = await api("committee", "POST", `/indicators/${await indicatorId("CQL")}/values`, { period: String(n), value: 415, final: true });
      expect(corrected.status, JSON.stringify(corrected.body)).to.equal(201);
      expect((await api("committee", "POST", `/indicators/${await indicatorId("CQL")}/values`, { period: String(n), value: 416, final: true })).body.error.id).to.equal("value_final");
      // A period the campaign covers where nothing was entered before the closing, and a later one, stay open to provisional values.
      expect((await csv("committee", `indicateur;période;valeur\nCFP_DEMANDES;${n};1200\nCQL;${n + 2};280`)).status).to.equal(201);
      expect(await storedValues()).to.equal(before + 3);
    });

    it("keeps its report, dashboard and public synthesis as frozen after values are entered and an indicator's definition is changed", async () => {
      // Taken after the previous test's corrections, then the definition changes.
      const [reportBefore, dashboardBefore, publicBefore] = [await report(), (await api("reader", "GET", `/dashboard?campaign=${c.campaignId}`)).body, (await server.api("GET", `/api/public/charters/${charterId}`)).body.synthesis];
      const n = c.years[2];
      const patched = await api("pilot", "PATCH", `/indicators/${await indicatorId("CQL")}`, { target: { value: 100, year: n + 3 }, baseline: { value: 700, year: n - 5 }, source: "Autre source", method: "Autre méthode", label: "Nouveau libellé" });
      expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
      expect((await csv("committee", `indicateur;période;valeur;définitive\nEXPULSIONS;${n + 1};50;oui\nDSF_COUVERTURE;${n}-T1;12;oui`)).status).to.equal(201);
      expect(await report()).to.equal(reportBefore);
      expect((await api("reader", "GET", `/dashboard?campaign=${c.campaignId}`)).body).to.deep.equal(dashboardBefore);
      expect((await server.api("GET", `/api/public/charters/${charterId}`)).body.synthesis).to.deep.equal(publicBefore);
      const frozenCql = dashboardBefore.indicators.find((i: any) => i.code == "CQL");
      expect(frozenCql).to.include({ label: "Nombre de commandements de quitter les lieux" });
      expect(frozenCql.target).to.deep.equal({ value: 300, year: n + 3 });
      expect(frozenCql.values.find((v: any) => v.period == String(n))).to.deep.equal({ period: String(n), value: 410, final: false });
      expect(reportBefore).to.include(`CQL;Nombre de commandements de quitter les lieux;nombre;↓ à la baisse;500;${n - 3};480;450;410;non;300;${n + 3}`);

      // The correction shows from then on: in the next campaign, and in the indicators' values.
      const next = await api("pilot", "POST", "/campaigns", { label: `Bilan ${n + 1}`, start: dayFromToday(0), end: dayFromToday(365), deadline: dayFromToday(380), committeeDate: dayFromToday(390) });
      expect(next.status, JSON.stringify(next.body)).to.equal(201);
      const live = (await api("reader", "GET", "/dashboard")).body.indicators.find((i: any) => i.code == "CQL");
      expect(live).to.include({ label: "Nouveau libellé", source: "Autre source" });
      expect(live.values.find((v: any) => v.period == String(n))).to.deep.equal({ period: String(n), value: 415, final: true });
    });

    it("reads an older snapshot (before format 2) with its frozen values and falls back on the live definitions it lacks; refuses one that no longer matches its hash", async () => {
      const { db } = server.services;
      const row = await db("campaigns").where({ id: c.campaignId }).first();
      const { snapshot: original, snapshot_sha256: originalSha } = row;
      // The snapshot as campaigns closed before format 2 hold it.
      const old = JSON.parse(original);
      delete old.format;
      delete old.organisations;
      for (const i of old.indicators) for (const key of ["kind", "commitmentId", "source", "method", "organisationId"]) delete i[key];
      const oldJson = JSON.stringify(old);
      try {
        await db("campaigns").where({ id: c.campaignId }).update({ snapshot: oldJson, snapshot_sha256: sha256(oldJson) });
        const body = (await api("reader", "GET", `/dashboard?campaign=${c.campaignId}`)).body;
        const cql = body.indicators.find((i: any) => i.code == "CQL");
        const n = c.years[2];
        expect(cql).to.include({ label: "Nombre de commandements de quitter les lieux", source: "Autre source", method: "Autre méthode", kind: "objective" });
        expect(cql.target).to.deep.equal({ value: 300, year: n + 3 });
        expect(cql.values.find((v: any) => v.period == String(n))).to.deep.equal({ period: String(n), value: 410, final: false });
        expect(cql.values.map((v: any) => v.period)).to.not.include(String(n + 2));
        expect(cql.organisation.name).to.be.a("string").and.not.equal("Organisation inconnue");
        expect(body.indicators.some((i: any) => i.kind == "commitment" && i.commitmentId)).to.equal(true);

        await db("campaigns").where({ id: c.campaignId }).update({ snapshot: oldJson.replace('"status":"realise"', '"status":"en_cours"') });
        for (const path of [`/dashboard?campaign=${c.campaignId}`, `/campaigns/${c.campaignId}/report.csv`]) {
          const altered = await api("reader", "GET", path);
          expect(altered.status, path).to.equal(500);
          expect(altered.body.error).to.include({ id: "snapshot_altered" });
          expect(altered.body.error.message).to.include(`« ${c.label} » ne correspond plus à son empreinte SHA-256`);
        }
      } finally {
        await db("campaigns").where({ id: c.campaignId }).update({ snapshot: original, snapshot_sha256: originalSha });
      }
    });
  });

  describe(`« échu », « En retard » and the status carried from an earlier campaign agree everywhere, on ${kind.name}`, function () {
    this.timeout(180000);
    let server: TestServer;
    let charterId: string;
    const tokens: Record<string, string> = {};
    let bilan2027: string;
    let bilan2028: string;
    /** Due in 2027, « Réalisé » in Bilan 2027; due in 2028, « En cours » in Bilan 2027; due in January 2029, after Bilan 2028's period. */
    let done: string;
    let ongoing: string;
    let later: string;
    const TODAY = "2029-03-01";
    const api = (who: string, method: string, path: string, body?: unknown) => server.api(method, `/api/charters/${charterId}${path}`, { token: tokens[who], body });

    before(async () => {
      server = await startTestServer({ database: kind });
      ({ charterId } = await signedCharter(server, await demoCharterId(server)));
      for (const [who, email] of Object.entries({ pilot: "pilote@example.org", editor: "redacteur@example.org", committee: "comite@example.org", reader: "lecteur@example.org" })) tokens[who] = await server.login(email);
      const { db } = server.services;
      const editor = await db("users").where({ email: "redacteur@example.org" }).first();
      [done, ongoing, later] = (await db("tracked_commitments").where({ charter_id: charterId, organisation_id: editor.organisation_id }).orderBy("position").limit(3)).map((r) => r.commitment_id);
      await db("tracked_commitments").where({ charter_id: charterId }).update({ due: null });
      for (const [id, due] of [[done, "2027-06-30"], [ongoing, "2028-03-31"], [later, "2029-01-15"]]) await db("tracked_commitments").where({ charter_id: charterId, commitment_id: id }).update({ due });

      const open = async (year: number) => {
        const res = await api("pilot", "POST", "/campaigns", { label: `Bilan ${year}`, start: `${year}-01-01`, end: `${year}-12-31`, deadline: `${year + 1}-01-31`, committeeDate: `${year + 1}-02-15` });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        return res.body.campaign.id as string;
      };
      bilan2027 = await open(2027);
      for (const [commitmentId, status] of [[done, "realise"], [ongoing, "en_cours"]])
        expect((await api("editor", "POST", `/campaigns/${bilan2027}/declarations`, { commitmentId, status, narrative: `Déclaré ${status}.` })).status).to.equal(201);
      for (const state of ["in_review", "closed"]) expect((await api("pilot", "POST", `/campaigns/${bilan2027}/state`, { state })).status).to.equal(200);
      bilan2028 = await open(2028);
    });
    after(() => server.close());

    it("shows the 2027 « Réalisé » in Bilan 2028 as such, from the earlier campaign, not late, and counts it in the headline — in the dashboard, the commitments view and the report", async () => {
      const { db } = server.services;
      const charter = (await getCharter(db, charterId))!;
      const membership = await db("memberships").join("users", "users.id", "memberships.user_id").where({ "memberships.charter_id": charterId, "users.email": "redacteur@example.org" }).select("memberships.*").first();

      const dashboard = await buildDashboard(db, charter, bilan2028, TODAY);
      const of = (id: string) => dashboard.commitments.find((x) => x.id == id)!;
      expect(of(done)).to.include({ status: "realise", statusLabel: "Réalisé", fromEarlierCampaign: true, fallenDue: true, overdue: false });
      expect(of(ongoing)).to.include({ status: "non_renseigne", statusLabel: "Non renseigné", fromEarlierCampaign: false, fallenDue: true, overdue: true });
      expect(of(later)).to.include({ status: "non_renseigne", fallenDue: false, overdue: false });
      expect(dashboard.headline).to.deep.equal({ label: "Réalisés / échus, hors sans objet", numerator: 1, denominator: 1, share: 1, fallenDue: 2, notDeclared: 1, withoutObject: 0 });
      expect(dashboard.distribution.byStatus.realise).to.equal(1);
      expect(dashboard.overdue.map((x) => x.id)).to.deep.equal([ongoing]);

      const view = await commitmentsView(db, charter, membership, TODAY);
      const entry = (id: string) => view.commitments.find((x) => x.id == id)!;
      const in2028 = (id: string) => entry(id).campaigns.find((x) => x.campaignId == bilan2028)!;
      expect(in2028(done)).to.include({ status: "realise", statusLabel: "Réalisé", fromEarlierCampaign: true, fallenDue: true, overdue: false, declaration: null });
      expect(in2028(ongoing)).to.include({ status: null, statusLabel: "Non renseigné", fromEarlierCampaign: false, overdue: true });
      expect(in2028(later)).to.include({ fallenDue: false, overdue: false });
      for (const id of [done, ongoing, later]) {
        expect(entry(id).overdue, id).to.equal(of(id).overdue);
        expect(in2028(id).status ?? "non_renseigne").to.equal(of(id).status);
      }
      const in2027 = entry(done).campaigns.find((x) => x.campaignId == bilan2027)!;
      expect(in2027).to.include({ status: "realise", fromEarlierCampaign: false });
      expect(in2027.declaration!.status).to.equal("realise");

      const model = await reportModel(db, charter, bilan2028, `${TODAY}T10:00:00.000Z`);
      const row = (id: string) => model.commitments.find((x) => x.id == id)!;
      expect(row(done)).to.include({ status: "realise", statusLabel: `Réalisé (${EARLIER_CAMPAIGN})`, fromEarlierCampaign: true, overdue: false, narrative: "" });
      expect(row(ongoing)).to.include({ status: null, statusLabel: "Non renseigné", overdue: true });
      expect(row(later)).to.include({ overdue: false });
      expect(model.synthesis).to.include({ fallenDue: 2, assessed: 1, realised: 1, share: 1, notDeclared: 1, overdue: 1 });
      expect(model.synthesis.byStatus.find((s) => s.label == "Réalisé")!.count).to.equal(1);

      // Bilan 2027, closed: its own declarations; the commitment due in 2028 is not yet « échu » there.
      const closed = await buildDashboard(db, charter, bilan2027, TODAY);
      expect(closed.commitments.find((x) => x.id == done)).to.include({ status: "realise", fromEarlierCampaign: false, fallenDue: true, overdue: false });
      expect(closed.commitments.find((x) => x.id == ongoing)).to.include({ status: "en_cours", fallenDue: false, overdue: false });
    });

    it("says the same through the API today: the carried status in « Mes engagements » and on the dashboard, nothing « En retard » before its due date", async () => {
      const commitments = (await api("editor", "GET", "/commitments")).body.commitments as any[];
      const dashboard = (await api("reader", "GET", `/dashboard?campaign=${bilan2028}`)).body;
      const carried = commitments.find((x) => x.id == done).campaigns.find((x: any) => x.campaignId == bilan2028);
      expect(carried).to.include({ status: "realise", statusLabel: "Réalisé", fromEarlierCampaign: true });
      expect(dashboard.commitments.find((x: any) => x.id == done)).to.include({ status: "realise", fromEarlierCampaign: true });
      // Today (before 2027) nothing has fallen due yet.
      for (const x of commitments) expect(x.overdue, x.id).to.equal(dashboard.commitments.find((d: any) => d.id == x.id).overdue);
      expect(dashboard.overdue).to.deep.equal([]);
    });
  });
}
