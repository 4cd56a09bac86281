import { expect } from "chai";
import { createHash } from "node:crypto";
import { Document, Packer, Paragraph } from "docx";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { openCampaign, signedCharter } from "../helpers/followupFixtures.js";
import { parseCharterDocument } from "../../server/shared/validate.js";
import { numberCharter } from "../../server/shared/numbering.js";
import { TEMPLATE_OBJECTIVES } from "../../server/domain/followup/objectives.js";
import { migrationSource } from "../../db/migrations/index.js";
import { DEFAULT_USER_BUDGETS } from "../../server/config.js";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
/** A minimal but real PDF file. */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

for (const kind of databaseKinds()) {
  describe(`follow-up of a signed charter on ${kind.name}`, function () {
    this.timeout(120000);
    let server: TestServer;
    let charterId: string;
    let versionHash: string;
    const tokens: Record<string, string> = {};
    let departementId: string;
    let prefectureId: string;

    before(async () => {
      server = await startTestServer({
        database: kind,
        config: { evidenceMaxBytes: 64 * 1024, evidenceQuota: { maxBytes: 160 * 1024, maxItems: 6 }, userBudgets: { ...DEFAULT_USER_BUDGETS, evidenceUploads: { points: 1000, perSeconds: 60 } } },
      });
      ({ charterId, versionHash } = await signedCharter(server, await demoCharterId(server)));
      for (const [who, email] of Object.entries({ pilot: "pilote@example.org", editor: "redacteur@example.org", signatory: "signataire@example.org", committee: "comite@example.org", reader: "lecteur@example.org" }))
        tokens[who] = await server.login(email);
      departementId = (await server.services.db("users").where({ email: "redacteur@example.org" }).first()).organisation_id;
      prefectureId = (await server.services.db("users").where({ email: "signataire@example.org" }).first()).organisation_id;
    });
    after(() => server.close());

    const api = (who: string, method: string, path: string, body?: unknown) => server.api(method, `/api/charters/${charterId}${path}`, { token: tokens[who], body });
    const commitments = async () => (await api("reader", "GET", "/commitments")).body.commitments as any[];
    const firstOf = async (organisationId: string) => (await commitments()).find((c) => c.organisation.id == organisationId);
    const upload = (who: string, campaignId: string, data: Buffer, filename: string) => {
      const form = new FormData();
      form.append("title", "Compte rendu");
      form.append("file", new Blob([new Uint8Array(data)]), filename);
      return fetch(`${server.url}/api/charters/${charterId}/campaigns/${campaignId}/evidence`, { method: "POST", headers: { authorization: `Bearer ${tokens[who]}` }, body: form })
        .then(async (res) => ({ status: res.status, body: await res.json() }));
    };

    it("tracks exactly the signed version's commitments, with their organisation, article, stage, due date and indicator", async () => {
      const { db } = server.services;
      const round = await db("approval_rounds").where({ charter_id: charterId, closed_reason: "signed" }).first();
      expect(round.version_hash).to.equal(versionHash);
      const version = await db("charter_versions").where({ id: round.version_id }).first();
      const doc = parseCharterDocument(JSON.parse(version.document));
      const numbers = numberCharter(doc);
      const expected: { id: string; party: string; due: string | null; indicator: string | null; article: number; stage: number }[] = [];
      doc.forEach((section, offset) => {
        if (section.type.name != "section") return;
        const stage = numbers.find((n) => n.pos == offset)!.number;
        section.forEach((clause, clauseOffset) => {
          if (clause.type.name != "clause") return;
          const article = numbers.find((n) => n.pos == offset + 1 + clauseOffset)!.number;
          clause.forEach((c) => { if (c.type.name == "commitment") expected.push({ id: c.attrs.id, party: c.attrs.party, due: c.attrs.due, indicator: c.attrs.indicator, article, stage }); });
        });
      });
      expect(expected.length).to.be.greaterThan(20);
      const tracked = await commitments();
      expect(tracked.map((c) => ({ id: c.id, party: c.organisation?.id ?? null, due: c.due, indicator: c.indicator, article: c.article.number, stage: c.stage.number }))).to.deep.equal(expected);
      expect(tracked[0].stage.heading).to.be.a("string").and.not.equal("");
      expect(tracked.every((c) => c.text.length > 10 && c.campaigns.length == 0)).to.equal(true);
      const indicators = (await api("reader", "GET", "/indicators")).body.indicators as any[];
      const codes = indicators.map((i) => i.code);
      expect(codes).to.include.members(TEMPLATE_OBJECTIVES.map((o) => o.code));
      expect(indicators.filter((i) => i.kind == "commitment").map((i) => i.commitmentId)).to.deep.equal(expected.filter((e) => e.indicator).map((e) => e.id));
      const dsf = indicators.find((i) => i.code == "DSF_COUVERTURE");
      expect(dsf).to.include({ unit: "%", direction: "up", organisationId: departementId });
      expect(dsf.target.value).to.equal(80);
      const audit = await db("audit_events").where({ charter_id: charterId, action: "charter.signed" }).first();
      expect(JSON.parse(audit.details).trackedCommitments).to.equal(expected.length);
    });

    it("lets pilots open one campaign at a time, with dates in order", async () => {
      const body = { label: "Bilan 2026", start: "2026-01-01", end: "2026-12-31", deadline: "2027-01-31", committeeDate: "2027-02-15" };
      expect((await api("committee", "POST", "/campaigns", body)).status).to.equal(403);
      const bad = await api("pilot", "POST", "/campaigns", { ...body, end: "2025-12-31" });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.field).to.equal("end");
      const badDay = await api("pilot", "POST", "/campaigns", { ...body, deadline: "2027-02-30" });
      expect(badDay.status).to.equal(400);
      const created = await api("pilot", "POST", "/campaigns", body);
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body.campaign).to.include({ state: "open", label: "Bilan 2026", versionHash });
      const second = await api("pilot", "POST", "/campaigns", { ...body, label: "Bilan bis" });
      expect(second.status).to.equal(409);
      expect(second.body.error.id).to.equal("campaign_running");
    });

    it("takes declarations only from the responsible organisation, as revisions, with a reason where required", async () => {
      const campaignId = await openCampaign(server, charterId);
      const mine = await firstOf(departementId);
      const theirs = await firstOf(prefectureId);
      const other = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: theirs.id, status: "realise", narrative: "Fait." });
      expect(other.status).to.equal(403);
      expect(other.body.error.id).to.equal("forbidden");
      expect(other.body.error.message).to.include("Préfecture");
      expect((await api("reader", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "realise", narrative: "Fait." })).status).to.equal(403);
      expect((await api("committee", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "realise", narrative: "Fait." })).status).to.equal(403);
      const noReason = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "bloque", narrative: "Rien." });
      expect(noReason.status).to.equal(400);
      expect(noReason.body.error).to.include({ field: "reason" });
      const badStatus = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "fait", narrative: "" });
      expect(badStatus.status).to.equal(400);
      expect(badStatus.body.error.message).to.include("non_engage");
      const first = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "en_cours", narrative: "Protocole en rédaction." });
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      const second = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "bloque", narrative: "En attente.", reason: "La CNIL n'a pas répondu." });
      expect(second.body.declaration.revision).to.equal(2);
      const seen = (await firstOf(departementId)).campaigns.find((c: any) => c.campaignId == campaignId);
      expect(seen).to.deep.include({ status: "bloque", statusLabel: "Bloqué" });
      expect(seen.declaration).to.include({ revision: 2, revisions: 2, reason: "La CNIL n'a pas répondu." });
      const notDeclared = (await firstOf(prefectureId)).campaigns.find((c: any) => c.campaignId == campaignId);
      expect(notDeclared).to.include({ status: null, statusLabel: "Non renseigné" });
      const rows = await server.services.db("declarations").where({ campaign_id: campaignId, commitment_id: mine.id });
      expect(rows.map((r) => r.status)).to.have.members(["en_cours", "bloque"]);
      expect(await server.services.db("audit_events").where({ charter_id: charterId, action: "declaration.recorded" }).count({ n: "*" }).first()).to.satisfy((r: any) => Number(r.n) >= 2);
    });

    it("computes « En retard » from the due date and the latest declared status, never stores it", async () => {
      const { db } = server.services;
      const dated = (await commitments()).find((c) => c.due && c.organisation?.id == departementId)!;
      expect(await db("tracked_commitments").where({ charter_id: charterId, commitment_id: dated.id }).first()).to.not.have.property("overdue");
      await db("tracked_commitments").where({ charter_id: charterId, commitment_id: dated.id }).update({ due: "2020-01-01" });
      try {
        expect((await commitments()).find((c) => c.id == dated.id).overdue).to.equal(true);
        const campaignId = await openCampaign(server, charterId);
        await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: dated.id, status: "en_cours", narrative: "Presque." });
        expect((await commitments()).find((c) => c.id == dated.id).overdue).to.equal(true);
        await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: dated.id, status: "realise", narrative: "Fait." });
        expect((await commitments()).find((c) => c.id == dated.id).overdue).to.equal(false);
      } finally {
        await db("tracked_commitments").where({ charter_id: charterId, commitment_id: dated.id }).update({ due: dated.due });
      }
    });

    it("reviews only in review, lets the organisation answer once, and freezes the closed campaign", async () => {
      const campaignId = await openCampaign(server, charterId);
      const mine = await firstOf(departementId);
      const declared = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "realise", narrative: "Le protocole est adopté." });
      const declarationId = declared.body.declaration.id;
      const early = await api("committee", "POST", `/campaigns/${campaignId}/appraisals`, { declarationId, appraisal: "complet", comment: "" });
      expect(early.status).to.equal(409);
      expect(early.body.error.id).to.equal("campaign_open");
      expect((await api("committee", "POST", `/campaigns/${campaignId}/state`, { state: "in_review" })).status).to.equal(403);
      expect((await api("pilot", "POST", `/campaigns/${campaignId}/state`, { state: "closed" })).status).to.equal(409);
      expect((await api("pilot", "POST", `/campaigns/${campaignId}/state`, { state: "in_review" })).status).to.equal(200);
      const late = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "en_cours", narrative: "Correction." });
      expect(late.status).to.equal(409);
      expect(late.body.error.id).to.equal("campaign_in_review");
      expect((await api("editor", "POST", `/campaigns/${campaignId}/appraisals`, { declarationId, appraisal: "complet", comment: "" })).status).to.equal(403);
      const asked = await api("committee", "POST", `/campaigns/${campaignId}/appraisals`, { declarationId, appraisal: "limite", comment: "Joignez le protocole signé.", outcome: "a_completer" });
      expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
      const answer = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "realise", narrative: "Le protocole signé est joint." });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.body.declaration.answersAppraisalId).to.equal(asked.body.appraisal.id);
      const again = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "realise", narrative: "Encore." });
      expect(again.status).to.equal(409);
      const superseded = await api("pilot", "POST", `/campaigns/${campaignId}/appraisals`, { declarationId, appraisal: "complet", comment: "" });
      expect(superseded.status).to.equal(409);
      expect(superseded.body.error.id).to.equal("declaration_superseded");
      const final = await api("pilot", "POST", `/campaigns/${campaignId}/appraisals`, { declarationId: answer.body.declaration.id, appraisal: "complet", comment: "Pièce reçue.", outcome: "valide" });
      expect(final.status).to.equal(201);
      const view = (await firstOf(departementId)).campaigns.find((c: any) => c.campaignId == campaignId);
      expect(view.appraisal).to.include({ appraisal: "complet", appraisalLabel: "Complet", outcome: "valide" });

      const closed = await api("pilot", "POST", `/campaigns/${campaignId}/state`, { state: "closed" });
      expect(closed.status).to.equal(200);
      const { snapshotSha256 } = closed.body.campaign;
      const file = await fetch(`${server.url}/api/charters/${charterId}/campaigns/${campaignId}/snapshot`, { headers: { authorization: `Bearer ${tokens.reader}` } });
      const text = await file.text();
      expect(sha256(text)).to.equal(snapshotSha256);
      const snapshot = JSON.parse(text);
      expect(snapshot.charter.versionHash).to.equal(versionHash);
      const frozen = snapshot.commitments.find((c: any) => c.id == mine.id);
      expect(frozen.declarations.map((d: any) => d.revision)).to.deep.equal([1, 2]);
      expect(frozen.appraisals.map((a: any) => a.outcome)).to.deep.equal(["a_completer", "valide"]);

      // Closed: nothing changes any more.
      for (const [who, path, body] of [
        ["editor", "declarations", { commitmentId: mine.id, status: "en_cours", narrative: "Après coup." }],
        ["committee", "appraisals", { declarationId, appraisal: "aucun_element", comment: "" }],
        ["pilot", "state", { state: "closed" }],
        ["editor", "evidence", { url: "https://example.org/rapport.pdf" }],
      ] as const) {
        const res = await api(who, "POST", `/campaigns/${campaignId}/${path}`, body);
        expect(res.status, path).to.equal(409);
        expect(res.body.error.id, path).to.equal("campaign_closed");
      }
      const row = await server.services.db("campaigns").where({ id: campaignId }).first();
      expect(row.snapshot_sha256).to.equal(snapshotSha256);
      expect(sha256(row.snapshot)).to.equal(snapshotSha256);
      const actions = await server.services.db("audit_events").where({ charter_id: charterId }).pluck("action");
      expect(actions).to.include.members(["campaign.opened", "campaign.in_review", "campaign.closed", "declaration.recorded", "declaration.answered", "appraisal.recorded"]);
      const chain = await api("pilot", "GET", "/audit/verify");
      expect(chain.status).to.equal(200);
      expect(chain.body.intact, JSON.stringify(chain.body.problem)).to.equal(true);
    });

    it("stores evidence files typed by their content with their SHA-256, and links; refuses empty, too large and wrong types, storing nothing", async () => {
      const campaignId = await openCampaign(server, charterId);
      const count = async () => Number((await server.services.db("campaign_evidence").where({ campaign_id: campaignId }).count({ n: "*" }).first())!.n);
      const pdf = await upload("editor", campaignId, PDF, "compte-rendu.pdf");
      expect(pdf.status, JSON.stringify(pdf.body)).to.equal(201);
      expect(pdf.body.evidence).to.include({ sha256: sha256(PDF), contentType: "application/pdf", size: PDF.length, filename: "compte-rendu.pdf", title: "Compte rendu" });
      const download = await fetch(`${server.url}/api/charters/${charterId}/campaigns/${campaignId}/evidence/${pdf.body.evidence.id}`, { headers: { authorization: `Bearer ${tokens.reader}` } });
      expect(download.status).to.equal(200);
      expect(download.headers.get("content-type")).to.equal("application/pdf");
      expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).to.equal(true);
      const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("Bilan")] }] }));
      const office = await upload("editor", campaignId, docx, "bilan.docx");
      expect(office.status, JSON.stringify(office.body)).to.equal(201);
      expect(office.body.evidence.contentType).to.equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      // A zip that is no office document is refused: the type comes from the zip's own content type entry.
      const { default: JSZip } = await import("jszip");
      const zip = new JSZip();
      zip.file("notes.txt", "pas un document bureautique");
      const plainZip = await zip.generateAsync({ type: "nodebuffer" });
      expect((await upload("editor", campaignId, plainZip, "bilan.docx")).status).to.equal(415);
      expect(await count()).to.equal(2);
      const before = await count();

      const empty = await upload("editor", campaignId, Buffer.alloc(0), "vide.pdf");
      expect(empty.status).to.equal(400);
      expect(empty.body.error.id).to.equal("empty_file");
      const large = await upload("editor", campaignId, Buffer.concat([PDF, Buffer.alloc(70 * 1024, 32)]), "gros.pdf");
      expect(large.status).to.equal(413);
      expect(large.body.error.id).to.equal("file_too_large");
      expect(large.body.error.message).to.equal("Fichier trop volumineux : 64 Ko au plus.");
      const fake = await upload("editor", campaignId, Buffer.from("<script>alert(1)</script> ceci n'est pas un PDF"), "faux.pdf");
      expect(fake.status).to.equal(415);
      expect(fake.body.error.message).to.include("contenu");
      const exe = await upload("editor", campaignId, Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 1)]), "rapport.docx");
      expect(exe.status).to.equal(415);
      const http = await api("editor", "POST", `/campaigns/${campaignId}/evidence`, { url: "http://example.org/rapport" });
      expect(http.status).to.equal(400);
      expect(http.body.error.field).to.equal("url");
      expect(await count()).to.equal(before);
      expect((await upload("reader", campaignId, PDF, "x.pdf")).status).to.equal(403);

      const link = await api("editor", "POST", `/campaigns/${campaignId}/evidence`, { url: "https://example.org/bilan-fsl", title: "Bilan FSL" });
      expect(link.status).to.equal(201);
      const mine = await firstOf(departementId);
      const declared = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "realise", narrative: "Voir pièces.", evidenceIds: [pdf.body.evidence.id, link.body.evidence.id] });
      expect(declared.status, JSON.stringify(declared.body)).to.equal(201);
      const shown = (await firstOf(departementId)).campaigns.find((c: any) => c.campaignId == campaignId).declaration.evidence;
      expect(shown.map((e: any) => e.kind)).to.deep.equal(["file", "link"]);
      // Another organisation's evidence cannot be cited.
      const theirs = await upload("signatory", campaignId, PDF, "prefecture.pdf");
      const cited = await api("editor", "POST", `/campaigns/${campaignId}/declarations`, { commitmentId: mine.id, status: "realise", narrative: "x", evidenceIds: [theirs.body.evidence.id] });
      expect(cited.status).to.equal(400);
      expect(cited.body.error.id).to.equal("unknown_evidence");
    });

    it("bounds what one organisation stores as evidence in a campaign, in bytes and in pieces, even when uploads race", async () => {
      const campaignId = await openCampaign(server, charterId);
      const stored = async (organisationId: string) => Number((await server.services.db("campaign_evidence").where({ campaign_id: campaignId, organisation_id: organisationId }).count({ n: "*" }).first())!.n);
      // Files just under the per-file limit (64 KiB): two fit in the organisation's 160 KiB, a third does not.
      const big = Buffer.concat([PDF, Buffer.alloc(55 * 1024, 32)]);
      for (const name of ["a.pdf", "b.pdf"]) expect((await upload("editor", campaignId, big, name)).status, name).to.equal(201);
      const third = await upload("editor", campaignId, big, "c.pdf");
      expect(third.status).to.equal(409);
      expect(third.body.error.id).to.equal("evidence_quota_reached");
      expect(third.body.error.message).to.include("Ce fichier (55 Ko) porterait les pièces de votre organisation dans cette campagne au-delà de 160 Ko (110 Ko déjà déposés)");
      expect(await stored(departementId)).to.equal(2);
      // A link takes no room: accepted until the organisation has its 6 pieces; the last place goes to one of four racing uploads.
      for (const n of [1, 2, 3]) expect((await api("editor", "POST", `/campaigns/${campaignId}/evidence`, { url: `https://example.org/piece-${n}` })).status).to.equal(201);
      const race = await Promise.all([1, 2, 3, 4].map((n) => api("editor", "POST", `/campaigns/${campaignId}/evidence`, { url: `https://example.org/course-${n}` })));
      expect(race.map((r) => r.status).sort()).to.deep.equal([201, 409, 409, 409]);
      for (const r of race.filter((r) => r.status == 409)) expect(r.body.error.message).to.include("déjà déposé 6 pièces");
      expect(await stored(departementId)).to.equal(6);
      // Full, it is refused before its file is read: one beyond the size limit gets the quota's answer, not « too large ».
      const overFull = await upload("editor", campaignId, Buffer.concat([PDF, Buffer.alloc(70 * 1024, 32)]), "d.pdf");
      expect(overFull.status).to.equal(409);
      expect(overFull.body.error.id).to.equal("evidence_quota_reached");
      // Another organisation has its own quota; nothing of the refused was stored or logged.
      expect((await upload("signatory", campaignId, big, "prefecture.pdf")).status).to.equal(201);
      const logged = await server.services.db("audit_events").where({ charter_id: charterId, action: "evidence.added" }).whereRaw("details like ?", [`%${campaignId}%`]).count({ n: "*" }).first();
      expect(Number(logged!.n)).to.equal(7);
    });

    it("takes indicator values typed in, provisional then final, from the committee and pilots only", async () => {
      const indicators = (await api("reader", "GET", "/indicators")).body.indicators as any[];
      const assignations = indicators.find((i) => i.code == "ASSIGNATIONS");
      expect((await api("reader", "POST", `/indicators/${assignations.id}/values`, { period: "2027", value: 1200, final: false })).status).to.equal(403);
      expect((await api("editor", "POST", `/indicators/${assignations.id}/values`, { period: "2027", value: 1200, final: false })).status).to.equal(403);
      expect((await api("committee", "POST", `/indicators/${assignations.id}/values`, { period: "2027", value: 1200, final: false })).status).to.equal(201);
      expect((await api("committee", "POST", `/indicators/${assignations.id}/values`, { period: "2027", value: 1180, final: true })).status).to.equal(201);
      const locked = await api("pilot", "POST", `/indicators/${assignations.id}/values`, { period: "2027", value: 1, final: false });
      expect(locked.status).to.equal(409);
      expect(locked.body.error.id).to.equal("value_final");
      expect((await api("pilot", "POST", `/indicators/${assignations.id}/values`, { period: "2027-13", value: 1, final: false })).status).to.equal(400);
      const values = (await api("reader", "GET", "/indicators")).body.indicators.find((i: any) => i.code == "ASSIGNATIONS").values;
      expect(values.map((v: any) => [v.period, v.value, v.final])).to.deep.equal([["2027", 1200, false], ["2027", 1180, true]]);
      expect(values[0].enteredBy.name).to.equal("Nathalie Petit");
      const edited = await api("pilot", "PATCH", `/indicators/${assignations.id}`, { baseline: { value: 1350, year: 2025 }, target: { value: 1100, year: 2032 } });
      expect(edited.status, JSON.stringify(edited.body)).to.equal(200);
      expect(edited.body.indicator.baseline).to.deep.equal({ value: 1350, year: 2025 });
      expect((await api("committee", "PATCH", `/indicators/${assignations.id}`, { unit: "nombre" })).status).to.equal(403);
    });

    it("imports a CSV file of values whole, or refuses it whole with one error per bad line", async () => {
      const csv = (body: string, who = "committee") => server.api("POST", `/api/charters/${charterId}/indicators/import`, { token: tokens[who], rawBody: body, headers: { "content-type": "text/csv; charset=utf-8" } });
      const stored = async () => Number((await server.services.db("indicator_values").where({ charter_id: charterId, origin: "import" }).count({ n: "*" }).first())!.n);
      const bad = await csv("indicateur;période;valeur\nCQL;2026;410\nCQL;2026-T5;12\nINCONNU;2026;3\nCFP_DEMANDES;2026;douze\n");
      expect(bad.status).to.equal(400);
      expect(bad.body.error.id).to.equal("invalid_csv");
      expect(bad.body.errors).to.deep.equal([
        { line: 3, column: "période", message: "Période « 2026-T5 » invalide : une année (2027), un semestre (2027-S1), un trimestre (2027-T2) ou un mois (2027-03)." },
        { line: 4, column: "indicateur", message: "Indicateur « INCONNU » inconnu dans cette charte." },
        { line: 5, column: "valeur", message: "Valeur « douze » invalide : un nombre est attendu." },
      ]);
      expect(await stored()).to.equal(0);
      const one = await csv("indicateur;période;valeur\nCQL;2026;410\nCQL;2026;abc\n");
      expect(one.status).to.equal(400);
      expect(one.body.errors).to.have.length(1);
      expect(one.body.errors[0]).to.include({ line: 3, column: "valeur" });
      expect(await stored()).to.equal(0);
      expect((await csv("indicateur;période;valeur\nCQL;2026;410\n", "reader")).status).to.equal(403);
      const latin1 = await server.api("POST", `/api/charters/${charterId}/indicators/import`, { token: tokens.committee, rawBody: Buffer.from("indicateur;p\xe9riode;valeur\n", "latin1") as unknown as string, headers: { "content-type": "text/csv" } });
      expect(latin1.status).to.equal(400);
      expect(latin1.body.error.id).to.equal("invalid_encoding");

      const good = await csv("\uFEFFindicateur;période;valeur\r\nCQL;2026;410\r\nDSF_COUVERTURE;2026;\"72,5\"\r\nCFP_OCTROIS;2026-S1;1 204\r\n");
      expect(good.status, JSON.stringify(good.body)).to.equal(201);
      expect(good.body.imported).to.equal(3);
      const comma = await csv("indicateur,période,valeur\nEXPULSIONS,2026,88.5\n");
      expect(comma.status, JSON.stringify(comma.body)).to.equal(201);
      const indicators = (await api("reader", "GET", "/indicators")).body.indicators as any[];
      const value = (code: string) => indicators.find((i) => i.code == code).values.map((v: any) => [v.period, v.value, v.origin]);
      expect(value("DSF_COUVERTURE")).to.deep.equal([["2026", 72.5, "import"]]);
      expect(value("CFP_OCTROIS")).to.deep.equal([["2026-S1", 1204, "import"]]);
      expect(value("EXPULSIONS")).to.deep.equal([["2026", 88.5, "import"]]);
      expect(await stored()).to.equal(4);
    });

    it("tracks, on migrating, a charter signed before the follow-up existed", async () => {
      const { db } = server.services;
      const { charterId: older } = await signedCharter(server, await demoCharterId(server));
      const tracked = await db("tracked_commitments").where({ charter_id: older }).orderBy("position").pluck("commitment_id");
      const codes = await db("indicators").where({ charter_id: older }).orderBy("position").pluck("code");
      expect(tracked.length).to.be.greaterThan(20);
      await db("indicators").where({ charter_id: older }).delete();
      await db("tracked_commitments").where({ charter_id: older }).delete();
      const name = "20261201140000_track_signed_charters";
      await db.migrate.down({ migrationSource, name });
      await db.migrate.up({ migrationSource, name });
      expect(await db("tracked_commitments").where({ charter_id: older }).orderBy("position").pluck("commitment_id")).to.deep.equal(tracked);
      expect(await db("indicators").where({ charter_id: older }).orderBy("position").pluck("code")).to.deep.equal(codes);
      // The charter already tracked is left as it was.
      expect((await commitments()).length).to.be.greaterThan(20);
    });

    it("refuses follow-up on a charter that is not signed", async () => {
      const drafting = await demoCharterId(server);
      const res = await server.api("POST", `/api/charters/${drafting}/campaigns`, { token: tokens.pilot, body: { label: "Bilan", start: "2027-01-01", end: "2027-12-31", deadline: "2028-01-31", committeeDate: "2028-02-15" } });
      expect(res.status).to.equal(409);
      expect(res.body.error.id).to.equal("charter_state");
    });
  });
}
