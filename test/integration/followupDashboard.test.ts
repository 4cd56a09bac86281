import { expect } from "chai";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { addUser, demoCharterId } from "../helpers/fixtures.js";
import { signedCharter } from "../helpers/followupFixtures.js";
import { buildDashboard } from "../../server/domain/followup/dashboardModel.js";
import { getCharter } from "../../server/store/charters.js";
import { parisDay } from "../../server/shared/frenchDates.js";

/** The day `n` days from today (UTC), as YYYY-MM-DD: due dates and periods are set around the real today. */
const day = (n: number) => parisDay(new Date(Date.now() + n * 86400000));

for (const kind of databaseKinds()) {
  describe(`follow-up dashboard on ${kind.name}`, function () {
    this.timeout(120000);
    let server: TestServer;
    let charterId: string;
    const tokens: Record<string, string> = {};
    /** The Département's first seven commitments (D[0]…D[6]) and the Préfecture's first four (P[0]…P[3]), in document order. */
    let D: string[];
    let P: string[];
    let order: string[];
    let previous: string;
    let current: string;

    const api = (who: string, method: string, path: string, body?: unknown) => server.api(method, `/api/charters/${charterId}${path}`, { token: tokens[who], body });
    const ok = async (promise: Promise<{ status: number; body: any }>) => {
      const res = await promise;
      expect(res.status, JSON.stringify(res.body)).to.be.within(200, 299);
      return res.body;
    };
    const declare = (campaignId: string, who: "editor" | "signatory", commitmentId: string, status: string, reason?: string) =>
      ok(api(who, "POST", `/campaigns/${campaignId}/declarations`, { commitmentId, status, narrative: `Déclaration ${status}.`, reason }));
    const dashboard = async (query = "") => ok(api("reader", "GET", `/dashboard${query}`));
    const inOrder = (ids: string[]) => order.filter((id) => ids.includes(id));

    before(async () => {
      server = await startTestServer({ database: kind });
      ({ charterId } = await signedCharter(server, await demoCharterId(server)));
      for (const [who, email] of Object.entries({ pilot: "pilote@example.org", editor: "redacteur@example.org", signatory: "signataire@example.org", committee: "comite@example.org", reader: "lecteur@example.org" }))
        tokens[who] = await server.login(email);
      const { db } = server.services;
      const orgOf = async (email: string) => (await db("users").where({ email }).first()).organisation_id as string;
      const commitments = (await ok(api("reader", "GET", "/commitments"))).commitments as { id: string; organisation: { id: string } | null }[];
      order = commitments.map((c) => c.id);
      const departement = await orgOf("redacteur@example.org");
      const prefecture = await orgOf("signataire@example.org");
      D = commitments.filter((c) => c.organisation?.id == departement).slice(0, 7).map((c) => c.id);
      P = commitments.filter((c) => c.organisation?.id == prefecture).slice(0, 4).map((c) => c.id);
      expect(D).to.have.length(7);
      expect(P).to.have.length(4);

      // Due dates around today, as if the charter had been signed two years ago (the signed text's are all still ahead).
      await db("tracked_commitments").where({ charter_id: charterId }).update({ due: null });
      const due: Record<string, string> = {
        [D[0]]: day(-500), [D[1]]: day(-400), [D[6]]: day(-366), [P[0]]: day(-450), // in the previous campaign's period
        [D[2]]: day(-300), [D[3]]: day(-200), [D[4]]: day(-10), [P[1]]: day(-100), [P[2]]: day(-1), // since
        [P[3]]: day(0), [D[5]]: day(10), // not yet fallen due
      };
      for (const [id, date] of Object.entries(due)) await db("tracked_commitments").where({ charter_id: charterId, commitment_id: id }).update({ due: date });

      // The previous campaign, declared, reviewed and closed.
      previous = (await ok(api("pilot", "POST", "/campaigns", { label: "Bilan précédent", start: day(-730), end: day(-366), deadline: day(-350), committeeDate: day(-340) }))).campaign.id;
      await declare(previous, "editor", D[0], "en_cours");
      const d0 = await declare(previous, "editor", D[0], "realise");
      const d1 = await declare(previous, "editor", D[1], "bloque", "Le financement manque.");
      await declare(previous, "editor", D[2], "en_cours");
      await declare(previous, "editor", D[6], "en_cours");
      const p0 = await declare(previous, "signatory", P[0], "sans_objet", "La procédure a été supprimée.");
      await ok(api("pilot", "POST", `/campaigns/${previous}/state`, { state: "in_review" }));
      const appraise = (declarationId: string, appraisal: string, outcome?: string) => ok(api("committee", "POST", `/campaigns/${previous}/appraisals`, { declarationId, appraisal, comment: "", outcome }));
      await appraise(d0.declaration.id, "complet", "valide");
      await appraise(d1.declaration.id, "limite", "a_completer");
      await declare(previous, "editor", D[1], "bloque", "Toujours pas de financement."); // the answer: a new revision, not appraised again
      await appraise(p0.declaration.id, "aucun_element");
      await appraise(p0.declaration.id, "substantiel", "valide");
      await ok(api("pilot", "POST", `/campaigns/${previous}/state`, { state: "closed" }));

      // The current campaign, open.
      current = (await ok(api("pilot", "POST", "/campaigns", { label: "Bilan en cours", start: day(-365), end: day(30), deadline: day(40), committeeDate: day(50) }))).campaign.id;
      await declare(current, "editor", D[1], "realise");
      await declare(current, "editor", D[2], "en_cours");
      await declare(current, "editor", D[3], "abandonne", "Remplacé par le protocole départemental.");
      await declare(current, "editor", D[5], "realise");
      await declare(current, "signatory", P[1], "realise");
      await declare(current, "signatory", P[2], "non_engage");

      // Indicators: a baseline, a target and values for one of each category.
      const indicators = (await ok(api("reader", "GET", "/indicators"))).indicators as { id: string; code: string }[];
      const id = (code: string) => indicators.find((i) => i.code == code)!.id;
      const define = (code: string, baseline: [number, number], target: [number, number] | null) =>
        ok(api("pilot", "PATCH", `/indicators/${id(code)}`, { baseline: { value: baseline[0], year: baseline[1] }, target: target && { value: target[0], year: target[1] } }));
      const value = (code: string, period: string, v: number, final = false) => ok(api("committee", "POST", `/indicators/${id(code)}/values`, { period, value: v, final }));
      await define("DSF_COUVERTURE", [60, 2024], [80, 2030]);
      await value("DSF_COUVERTURE", "2025", 70, true);
      await value("DSF_COUVERTURE", "2026", 71);
      await value("DSF_COUVERTURE", "2026", 74);
      await value("DSF_COUVERTURE", "2026-S1", 72);
      await define("ASSIGNATIONS", [1350, 2024], [1100, 2030]);
      await value("ASSIGNATIONS", "2026", 1400);
      await define("EXPULSIONS", [100, 2024], [80, 2030]);
      await value("EXPULSIONS", "2026", 78, true);
      await define("CFP_DEMANDES", [1000, 2024], null);
      await value("CFP_DEMANDES", "2026", 980);
      await define("PLANS_APUREMENT", [200, 2024], [300, 2030]);
      await value("PLANS_APUREMENT", "2026", 205);
      await define("MENAGES_ACCOMPAGNES", [500, 2024], [700, 2030]);
      await value("MENAGES_ACCOMPAGNES", "2026", 545);
    });
    after(() => server.close());

    it("shows by default the campaign open, with the headline share « Réalisés / échus, hors sans objet » and « non renseigné » apart", async () => {
      const body = await dashboard();
      expect(body.campaign).to.include({ id: current, label: "Bilan en cours", state: "open" });
      expect(body.campaigns.map((c: any) => [c.label, c.state])).to.deep.equal([["Bilan précédent", "closed"], ["Bilan en cours", "open"]]);
      expect(body.referenceDay).to.equal(day(0));
      // Fallen due: D0, D1, D2, D3, D4, D6, P0, P1, P2 (P3 is due today, D5 in ten days). Declared in this campaign: D1 and P1 realised, D2 in progress, D3 abandoned, P2 not started;
      // carried from the previous one: D0 realised, P0 without object. D4 and D6 (in progress before) have nothing: « Non renseigné ».
      expect(body.headline).to.deep.equal({ label: "Réalisés / échus, hors sans objet", numerator: 3, denominator: 6, share: 0.5, fallenDue: 9, notDeclared: 2, withoutObject: 1 });
    });

    it("counts the commitments by declared status and by appraisal, with « En retard » computed", async () => {
      const body = await dashboard();
      const total = order.length;
      expect(body.distribution).to.deep.equal({
        total,
        byStatus: { non_engage: 1, en_cours: 1, realise: 4, bloque: 0, abandonne: 1, sans_objet: 1, non_renseigne: total - 8 },
        byAppraisal: { aucun_element: 0, non_commence: 0, limite: 0, substantiel: 0, complet: 0, non_apprecie: total },
        overdue: 5,
      });
      expect(body.legend.statuses.map((s: any) => s.label)).to.deep.equal(["Non engagé", "En cours", "Réalisé", "Bloqué", "Abandonné", "Sans objet", "Non renseigné"]);
      expect(body.legend.appraisals.at(-1)).to.deep.equal({ id: "non_apprecie", label: "Pas encore apprécié" });
      expect(body.legend.overdue).to.equal("En retard");
      // D0 was realised and P0 without object in the previous campaign: not late for want of a new declaration. D6 was in progress then: late.
      expect(body.overdue.map((c: any) => c.id)).to.deep.equal(inOrder([D[2], D[3], D[4], D[6], P[2]]));
      const late = body.overdue.find((c: any) => c.id == D[3]);
      expect(late).to.include({ status: "abandonne", statusLabel: "Abandonné", due: day(-200), overdue: true, fallenDue: true });
      expect(late.organisation.name).to.equal(body.byOrganisation.find((o: any) => o.organisation?.id == late.organisation.id).organisation.name);
      expect(late.article.heading).to.be.a("string").and.not.equal("");
      expect(body.commitments.find((c: any) => c.id == D[0])).to.include({ status: "realise", statusLabel: "Réalisé", fromEarlierCampaign: true, fallenDue: true, overdue: false });
      expect(body.commitments.find((c: any) => c.id == D[6])).to.include({ status: "non_renseigne", statusLabel: "Non renseigné", fromEarlierCampaign: false, fallenDue: true, overdue: true });
      expect(body.commitments.find((c: any) => c.id == D[1])).to.include({ status: "realise", fromEarlierCampaign: false });
    });

    it("counts per organisation, per procedure stage and per article", async () => {
      const body = await dashboard();
      const groupOf = (commitmentId: string) => body.byOrganisation.find((o: any) => o.organisation?.id == body.commitments.find((c: any) => c.id == commitmentId).organisation.id);
      const departement = groupOf(D[0]);
      const prefecture = groupOf(P[0]);
      expect(departement.byStatus).to.include({ realise: 3, en_cours: 1, abandonne: 1, non_renseigne: departement.total - 5 });
      expect(departement.overdue).to.equal(4);
      expect(prefecture.byStatus).to.include({ realise: 1, non_engage: 1, sans_objet: 1, non_renseigne: prefecture.total - 3 });
      expect(prefecture.overdue).to.equal(1);
      const sum = (groups: any[], key: (g: any) => number) => groups.reduce((n, g) => n + key(g), 0);
      for (const groups of [body.byOrganisation, body.byStage, body.byArticle]) {
        expect(sum(groups, (g) => g.total)).to.equal(order.length);
        expect(sum(groups, (g) => g.byStatus.realise)).to.equal(4);
        expect(sum(groups, (g) => g.overdue)).to.equal(5);
      }
      // Each stage and article counts exactly its own commitments.
      for (const stage of body.byStage) {
        const own = body.commitments.filter((c: any) => c.stage.number == stage.number);
        expect(stage.total).to.equal(own.length);
        expect(stage.byStatus.realise).to.equal(own.filter((c: any) => c.status == "realise").length);
        expect(stage.heading).to.equal(own[0].stage.heading);
      }
      const articleOfD3 = body.commitments.find((c: any) => c.id == D[3]).article.number;
      const article = body.byArticle.find((a: any) => a.number == articleOfD3);
      expect(article.byStatus.abandonne).to.equal(1);
      expect(article.total).to.equal(body.commitments.filter((c: any) => c.article.number == articleOfD3).length);
      expect(body.byStage.map((s: any) => s.number)).to.deep.equal([...body.byStage.map((s: any) => s.number)].sort((a: number, b: number) => a - b));
    });

    it("shows a closed campaign asked for, with its latest revisions and latest appraisals, and its own period's due dates", async () => {
      const body = await dashboard(`?campaign=${previous}`);
      expect(body.campaign).to.include({ id: previous, state: "closed" });
      expect(body.referenceDay).to.equal(day(-366));
      // Fallen due by the end of that period: D0, D1, D6, P0. D2 fell due after it.
      expect(body.headline).to.deep.equal({ label: "Réalisés / échus, hors sans objet", numerator: 1, denominator: 3, share: 1 / 3, fallenDue: 4, notDeclared: 0, withoutObject: 1 });
      const total = order.length;
      expect(body.distribution.byStatus).to.deep.equal({ non_engage: 0, en_cours: 2, realise: 1, bloque: 1, abandonne: 0, sans_objet: 1, non_renseigne: total - 5 });
      // D1's latest appraisal asked for more and was answered by a new revision: it stays the latest; P0's second appraisal replaces the first.
      expect(body.distribution.byAppraisal).to.deep.equal({ aucun_element: 0, non_commence: 0, limite: 1, substantiel: 1, complet: 1, non_apprecie: total - 3 });
      expect(body.overdue.map((c: any) => c.id)).to.deep.equal(inOrder([D[1], D[6]]));
      expect(body.commitments.find((c: any) => c.id == D[1])).to.include({ status: "bloque", appraisal: "limite", appraisalLabel: "Limité" });
      expect(body.commitments.find((c: any) => c.id == P[0])).to.include({ status: "sans_objet", appraisal: "substantiel", overdue: false });
    });

    it("gives each indicator its definition, one value per period, the trajectory and the progress category", async () => {
      const { indicators } = await dashboard();
      const of = (code: string) => indicators.find((i: any) => i.code == code);
      const dsf = of("DSF_COUVERTURE");
      expect(dsf).to.include({ unit: "%", direction: "up", directionLabel: "↑ à la hausse" });
      expect(dsf.source).to.be.a("string").and.not.equal("");
      expect(dsf.method).to.be.a("string").and.not.equal("");
      expect(dsf.organisation.name).to.be.a("string");
      expect(dsf.baseline).to.deep.equal({ value: 60, year: 2024 });
      expect(dsf.target).to.deep.equal({ value: 80, year: 2030 });
      expect(dsf.values).to.deep.equal([{ period: "2025", value: 70, final: true }, { period: "2026", value: 74, final: false }, { period: "2026-S1", value: 72, final: false }]);
      expect(dsf.latest).to.deep.equal({ year: 2026, value: 74, final: false });
      expect(dsf.trajectory.map((t: any) => t.year)).to.deep.equal([2024, 2025, 2026, 2027, 2028, 2029, 2030]);
      // 60 → 80 at the same rate each year: 60 × (80 / 60)^(3/6) in 2027, the path the category measures against.
      expect(dsf.trajectory.find((t: any) => t.year == 2027).value).to.be.closeTo(69.282, 1e-3);
      const categories = Object.fromEntries(["DSF_COUVERTURE", "ASSIGNATIONS", "EXPULSIONS", "CFP_DEMANDES", "PLANS_APUREMENT", "MENAGES_ACCOMPAGNES", "CQL"].map((code) => [code, of(code).progress.label]));
      expect(categories).to.deep.equal({
        DSF_COUVERTURE: "En bonne voie", ASSIGNATIONS: "Dégradation", EXPULSIONS: "Cible atteinte", CFP_DEMANDES: "Progrès à accélérer",
        PLANS_APUREMENT: "Progrès limité", MENAGES_ACCOMPAGNES: "Progrès à accélérer", CQL: "Données insuffisantes",
      });
      expect(of("CFP_DEMANDES").progress.method).to.equal("trend");
      expect(of("CFP_DEMANDES").trajectory).to.deep.equal([]);
      expect(of("CQL").values).to.deep.equal([]);
    });

    it("answers in a fixed number of queries, whatever the number of commitments and campaigns", async () => {
      const { db } = server.services;
      const charter = (await getCharter(db, charterId))!;
      let queries = 0;
      const countQuery = () => queries++;
      db.on("query", countQuery);
      try {
        await buildDashboard(db, charter);
        const first = queries;
        queries = 0;
        await buildDashboard(db, charter, previous);
        expect(first).to.equal(7);
        expect(queries).to.equal(7);
      } finally {
        db.removeListener("query", countQuery);
      }
    });

    it("refuses an unknown campaign, one of another charter, and a malformed parameter", async () => {
      const unknown = await api("reader", "GET", "/dashboard?campaign=00000000-0000-0000-0000-000000000000");
      expect(unknown.status).to.equal(404);
      expect(unknown.body.error).to.include({ id: "not_found", message: "Campagne introuvable pour cette charte." });
      const { charterId: other } = await signedCharter(server, await demoCharterId(server));
      const theirs = (await ok(server.api("POST", `/api/charters/${other}/campaigns`, { token: tokens.pilot, body: { label: "Bilan autre", start: day(-100), end: day(0), deadline: day(10), committeeDate: day(20) } }))).campaign.id;
      const crossed = await api("reader", "GET", `/dashboard?campaign=${theirs}`);
      expect(crossed.status).to.equal(404);
      expect(crossed.body.error.message).to.equal("Campagne introuvable pour cette charte.");
      const twice = await api("reader", "GET", `/dashboard?campaign=${current}&campaign=${previous}`);
      expect(twice.status).to.equal(400);
      expect(twice.body.error).to.include({ field: "campaign" });
      expect((await api("reader", "GET", "/dashboard?campaign=%3Cscript%3E")).status).to.equal(400);
      expect((await dashboard(`?campaign=${current}`)).campaign.id).to.equal(current);
    });

    it("is open to every member of the charter and to nobody else", async () => {
      for (const who of ["pilot", "editor", "signatory", "committee", "reader"]) expect((await api(who, "GET", "/dashboard")).status, who).to.equal(200);
      const outsider = await server.login((await addUser(server)).email);
      const refused = await server.api("GET", `/api/charters/${charterId}/dashboard`, { token: outsider });
      expect(refused.status).to.equal(403);
      expect(refused.body.error.message).to.be.a("string").and.not.equal("");
      expect((await server.api("GET", `/api/charters/${charterId}/dashboard`)).status).to.equal(401);
    });

    it("shows an empty dashboard before any campaign: every commitment « Non renseigné », nothing late", async () => {
      const { charterId: fresh } = await signedCharter(server, await demoCharterId(server));
      const body = await ok(server.api("GET", `/api/charters/${fresh}/dashboard`, { token: tokens.reader }));
      expect(body.campaign).to.equal(null);
      expect(body.distribution.byStatus.non_renseigne).to.equal(body.distribution.total);
      expect(body.distribution.total).to.be.greaterThan(20);
      expect(body.headline).to.include({ numerator: 0, denominator: 0, share: null });
      expect(body.indicators.every((i: any) => i.progress.category == "donnees_insuffisantes")).to.equal(true);
    });
  });
}
