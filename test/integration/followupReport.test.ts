import { expect } from "chai";
import { createHash, randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { addUser, demoCharterId } from "../helpers/fixtures.js";
import { signedCharter } from "../helpers/followupFixtures.js";
import { LONG_NARRATIVE_END, reportCampaign, type ReportCampaign } from "../helpers/reportFixtures.js";
import { download, flat, pdfFonts, pdfInfo, pdfStructure, pdfText } from "../helpers/exports.js";
import { parisDay } from "../../server/shared/frenchDates.js";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
/** A day as the French write it: « 1er mars 2027 », « 15 février 2028 ». */
const frenchDay = (day: string) => new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" }).format(new Date(day.slice(0, 10) + "T00:00:00Z")).replace(/^1 /, "1er ");

/** The PDF's bookmarks (outline), as poppler's pdftohtml lists them. */
async function bookmarks(pdf: Buffer): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "charte-report-"));
  try {
    writeFileSync(join(dir, "report.pdf"), pdf);
    const { stdout } = await promisify(execFile)("pdftohtml", ["-xml", "-stdout", "-i", "-q", join(dir, "report.pdf")], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const outline = /<outline>([\s\S]*)<\/outline>/.exec(stdout)?.[1] ?? "";
    return [...outline.matchAll(/<item[^>]*>([^<]*)<\/item>/g)].map((m) => m[1].replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a `;` CSV file as a spreadsheet would: quoted cells, doubled quotes, CRLF. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch == '"' && text[i + 1] == '"') { cell += '"'; i++; }
      else if (ch == '"') quoted = false;
      else cell += ch;
    } else if (ch == '"') quoted = true;
    else if (ch == ";") { row.push(cell); cell = ""; }
    else if (ch == "\r" && text[i + 1] == "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += ch;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

/** The rows of one table of the CSV file: those under its title and header line, up to the empty line. */
function csvTable(rows: string[][], title: string): { header: string[]; rows: string[][] } {
  const at = rows.findIndex((r) => r.length == 1 && r[0] == title);
  expect(at, `table « ${title} »`).to.be.greaterThan(-1);
  const end = rows.findIndex((r, i) => i > at && r.length == 1 && r[0] == "");
  return { header: rows[at + 1], rows: rows.slice(at + 2, end) };
}

for (const kind of databaseKinds()) {
  describe(`yearly evaluation report on ${kind.name}`, function () {
    this.timeout(180000);
    let server: TestServer;
    let charterId: string;
    let versionHash: string;
    let campaign: ReportCampaign;
    let reader: string;
    let pilot: string;

    before(async () => {
      server = await startTestServer({ database: kind });
      ({ charterId, versionHash } = await signedCharter(server, await demoCharterId(server)));
      campaign = await reportCampaign(server, charterId);
      reader = await server.login("lecteur@example.org");
      pilot = await server.login("pilote@example.org");
    });
    after(() => server.close());

    const report = (extension: string, token = reader, campaignId = campaign.campaignId) =>
      download(`${server.url}/api/charters/${charterId}/campaigns/${campaignId}/report.${extension}`, token);

    /**
     * The headline share computed here from the commitments API: of those fallen due (before today, within the
     * period) and declared, « sans objet » left out, those « Réalisé »; the undeclared counted apart.
     */
    async function expectedShare(): Promise<{ done: number; due: number; notDeclared: number }> {
      const { campaigns, commitments } = (await server.api("GET", `/api/charters/${charterId}/commitments`, { token: reader })).body;
      const end = campaigns.find((c: any) => c.id == campaign.campaignId).end;
      const k = campaigns.findIndex((c: any) => c.id == campaign.campaignId);
      const today = parisDay();
      const fallen = commitments.filter((c: any) => c.due && c.due < today && c.due <= end);
      const due = fallen.filter((c: any) => c.campaigns[k].status && c.campaigns[k].status != "sans_objet");
      return { done: due.filter((c: any) => c.campaigns[k].status == "realise").length, due: due.length, notDeclared: fallen.filter((c: any) => !c.campaigns[k].status).length };
    }

    it("writes a tagged PDF with embedded fonts, bookmarks, header cells and « Projet » while the campaign is open", async () => {
      const res = await report("pdf");
      expect(res.status, res.data.toString().slice(0, 300)).to.equal(200);
      expect(res.headers.get("content-type")).to.equal("application/pdf");
      expect(res.headers.get("content-disposition")).to.include(`rapport-evaluation-bilan-${campaign.years[2]}.pdf`).and.include("filename*=");
      const info = await pdfInfo(res.data);
      expect(info.Tagged).to.equal("yes");
      expect(Number(info.Pages)).to.be.greaterThan(8);
      expect(info["Page size"]).to.match(/^841\.89 x 595\.28/);
      expect(info.Title).to.equal(`Rapport d'évaluation — ${campaign.label}`);
      const fonts = await pdfFonts(res.data);
      expect(fonts.length).to.be.greaterThan(2);
      expect(fonts.every((f) => f.embedded), JSON.stringify(fonts)).to.equal(true);

      const text = flat(await pdfText(res.data));
      const pages = (await pdfText(res.data)).split("\f").filter((p) => p.trim());
      const { campaigns } = (await server.api("GET", `/api/charters/${charterId}/campaigns`, { token: reader })).body;
      const c = campaigns.find((x: any) => x.id == campaign.campaignId);
      expect(flat(pages[0])).to.include(`Rapport d'évaluation annuelle — ${campaign.label}`).and.include(`Comité du ${frenchDay(c.committeeDate)}`).and.include(`du ${frenchDay(c.start)} au ${frenchDay(c.end)}`);
      expect(pages[0]).to.match(/^Projet$/m);
      expect(text).not.to.include("Arrêté le");
      pages.forEach((page, i) => expect(page).to.include(`Page ${i + 1} / ${pages.length}`).and.include(`${campaign.label} · Projet`));
      for (const label of ["Réalisé", "En cours", "Bloqué", "Sans objet", "Non renseigné", "Pas encore apprécié"]) expect(text).to.include(label);
      expect(text).to.include("Le logiciel de suivi n'est pas livré.");
      // A 10,000-character narrative is cut in its table cell, and says where the whole text is.
      expect(text).to.include("… (texte complet dans le fichier CSV ou tableur)");
      expect(text).not.to.include(LONG_NARRATIVE_END);
      expect(text).to.include(campaign.evidenceSha256).and.include(versionHash);

      const { done, due, notDeclared } = await expectedShare();
      expect(due).to.be.greaterThan(0);
      expect(notDeclared).to.be.greaterThan(0);
      expect(text).to.include(`Réalisés / échus, hors sans objet : ${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(Math.round((done / due) * 1000) / 10)} % (${done} sur ${due}).`);

      const structure = await pdfStructure(res.data);
      const types = new Set(structure.map((e) => e.type.replace(/:$/, "")));
      expect([...types]).to.include.members(["Document", "Sect", "H1", "H2", "Table", "Caption", "TR", "TH", "TD", "P"]);
      const cells = structure.filter((e) => e.type.startsWith("TD"));
      expect(cells.length).to.be.greaterThan(500);
      // The lines of a cell read as words apart: « … signature. Échéance : … », not « signature.Échéance ».
      expect(cells.filter((e) => / Échéance : \d/.test(e.text)).length).to.be.greaterThan(10);
      expect(cells.filter((e) => /\SÉchéance : /.test(e.text))).to.deep.equal([]);
      // Each organisation answering for a commitment heads a row of the table per organisation (its text, as a screen reader reads it).
      // pdfinfo prints a header cell's scope on the line after « TH: », which the helper reads as an element holding the cell's text.
      const headerCells = structure.filter((e, i) => e.type == "/Scope" && structure[i - 1].type == "TH:");
      expect(headerCells.length).to.be.greaterThan(100);
      const rowHeads = headerCells.map((e) => flat(e.text));
      for (const o of campaign.organisations) expect(rowHeads.some((t) => t == o.name || t.replace(/- /g, "-") == o.name), o.name).to.equal(true);
      expect(await bookmarks(res.data)).to.include.members([
        "1. Synthèse", `2. Tableau de bord de la procédure (${campaign.years[0]}-${campaign.years[2]})`, "3. Objectifs quantitatifs", "4. Respect des engagements",
        "5. Difficultés et mesures correctives", "6. Annexes", "Titre 1 — Préambule et cadre juridique",
      ]);
    });

    it("writes a CSV file for French spreadsheets: BOM, `;`, quoting, formulas neutralised", async () => {
      const res = await report("csv");
      expect(res.status).to.equal(200);
      expect(res.headers.get("content-type")).to.equal("text/csv; charset=utf-8");
      expect([...res.data.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const text = res.data.toString("utf8").slice(1);
      expect(text).to.include("\r\n");
      const rows = readCsv(text);
      const commitments = csvTable(rows, "Respect des engagements");
      expect(commitments.header).to.include.members(["Organisation", "Engagement", "Échéance", "Statut déclaré", "Appréciation", "Observations de l'organisation", "Pièces justificatives"]);
      const tracked = (await server.api("GET", `/api/charters/${charterId}/commitments`, { token: reader })).body.commitments;
      expect(commitments.rows.length).to.equal(tracked.length);
      const narrative = commitments.header.indexOf("Observations de l'organisation");
      const hostile = commitments.rows.find((r) => r[narrative].includes("HYPERLINK"))!;
      expect(hostile[narrative]).to.equal(`'=HYPERLINK("https://example.org/piege","Cliquez ici")`);
      expect(hostile[commitments.header.indexOf("Pièces justificatives")]).to.include(campaign.evidenceSha256);
      const long = commitments.rows.find((r) => r[narrative].endsWith(LONG_NARRATIVE_END))!;
      expect(long[narrative].length).to.equal(10000);
      expect(hostile[commitments.header.indexOf("Échéance")]).to.match(/^$|^\d{2}\/\d{2}\/\d{4}$/);
      // No cell a spreadsheet would run: the only ones starting with - are negative numbers.
      for (const cell of rows.flat()) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).to.match(/^-\d+(,\d+)?$/);
      const synthesis = csvTable(rows, "Synthèse");
      const { done, due, notDeclared } = await expectedShare();
      expect(synthesis.rows).to.deep.include(["dont déclarés, hors sans objet (base de la part)", String(due)]);
      expect(synthesis.rows).to.deep.include(["dont réalisés", String(done)]);
      expect(synthesis.rows).to.deep.include(["Engagements échus non renseignés (comptés à part)", String(notDeclared)]);
      // The report says what the dashboard says.
      const dashboard = await server.api("GET", `/api/charters/${charterId}/dashboard?campaign=${campaign.campaignId}`, { token: reader });
      expect(dashboard.status).to.equal(200);
      expect(dashboard.body.headline).to.include({ numerator: done, denominator: due, notDeclared });
      const campaignRows = csvTable(rows, "Campagne").rows;
      expect(campaignRows).to.deep.include(["Statut du rapport", "Projet"]);
      expect(campaignRows).to.deep.include(["Date du comité", (await server.api("GET", `/api/charters/${charterId}/campaigns`, { token: reader })).body.campaigns[0].committeeDate.split("-").reverse().join("/")]);
      const indicators = csvTable(rows, "Objectifs quantitatifs et indicateurs de suivi");
      const cql = indicators.rows.find((r) => r[0] == "CQL")!;
      const [n2, n1, n] = campaign.years;
      expect([cql[indicators.header.indexOf(`Réalisé ${n2}`)], cql[indicators.header.indexOf(`Réalisé ${n1}`)], cql[indicators.header.indexOf(`Réalisé ${n}`)]]).to.deep.equal(["480", "450", "410"]);
      // 500 → 300 over six years at the same rate each year: 500 × 0.6^(3/6) ≈ 387.3 in N.
      expect(cql[indicators.header.indexOf(`Trajectoire ${n}`)]).to.equal("387,3");
      // The value entered for N+1 reaches the target, as the dashboard (the latest data) says; the report speaks of N:
      // from 500 three years before N to 410, against 300 three years after, 78 % of the rate needed.
      expect(dashboard.body.indicators.find((i: any) => i.code == "CQL").progress.label).to.equal("Cible atteinte");
      expect(cql[indicators.header.indexOf("Catégorie")]).to.equal("Progrès à accélérer");
      expect(cql[indicators.header.indexOf("Écart")]).to.equal("22,7");
      expect(csvTable(rows, `Tableau de bord de la procédure (${n2}-${n})`).rows.find((r) => r[0] == "DSF_COUVERTURE")![8]).to.equal("52,5");
    });

    it("writes an Excel workbook with its sheets, header rows, widths, and dates as dates", async () => {
      const res = await report("xlsx");
      expect(res.status).to.equal(200);
      expect(res.headers.get("content-type")).to.equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.data as any);
      expect(workbook.worksheets.map((s) => s.name)).to.deep.equal(["Synthèse", "Indicateurs", "Engagements", "Difficultés", "Annexes"]);
      const sheet = workbook.getWorksheet("Engagements")!;
      expect(sheet.getRow(1).getCell(1).value).to.equal("Respect des engagements");
      const header = (sheet.getRow(2).values as unknown[]).slice(1);
      expect(header).to.include.members(["Organisation", "Engagement", "Échéance", "Statut déclaré", "Appréciation"]);
      expect(sheet.getRow(2).font?.bold).to.equal(true);
      expect(sheet.getColumn(header.indexOf("Engagement") + 1).width).to.equal(60);
      expect(sheet.views[0]).to.include({ state: "frozen", ySplit: 2 });
      expect(sheet.autoFilter).to.equal(`A2:${String.fromCharCode(64 + header.length)}2`);
      const dueColumn = header.indexOf("Échéance") + 1;
      const dueCells = [];
      for (let r = 3; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(dueColumn).value != null) dueCells.push(sheet.getRow(r).getCell(dueColumn));
      expect(dueCells.length).to.be.greaterThan(10);
      expect(dueCells.every((c) => c.value instanceof Date && c.numFmt == "dd/mm/yyyy")).to.equal(true);
      const narrative = header.indexOf("Observations de l'organisation") + 1;
      let hostile: ExcelJS.Cell | null = null;
      sheet.eachRow((row) => { if (String(row.getCell(narrative).value ?? "").includes("HYPERLINK")) hostile = row.getCell(narrative); });
      // Text stays text in a workbook: a string cell, not a formula.
      expect(hostile!.type).to.equal(ExcelJS.ValueType.String);
      expect(hostile!.value).to.equal(`=HYPERLINK("https://example.org/piege","Cliquez ici")`);
      const synthesis = workbook.getWorksheet("Synthèse")!;
      let committee: unknown = null;
      synthesis.eachRow((row) => { if (row.getCell(1).value == "Date du comité") committee = row.getCell(2).value; });
      expect(committee).to.be.instanceOf(Date);
      const { campaigns } = (await server.api("GET", `/api/charters/${charterId}/campaigns`, { token: reader })).body;
      expect((committee as unknown as Date).toISOString()).to.equal(`${campaigns[0].committeeDate}T00:00:00.000Z`);
    });

    it("once closed, says « Arrêté le … », carries the snapshot's hash and lists the contested declaration with the organisation's answer", async () => {
      const { campaignId } = campaign;
      const committee = await server.login("comite@example.org");
      const base = `/api/charters/${charterId}/campaigns/${campaignId}`;
      expect((await server.api("POST", `${base}/state`, { token: pilot, body: { state: "in_review" } })).status).to.equal(200);
      const bloque = (await server.services.db("declarations").where({ campaign_id: campaignId, status: "bloque" }).first());
      const appraised = await server.api("POST", `${base}/appraisals`, { token: committee, body: { declarationId: bloque.id, appraisal: "limite", comment: "Le retard du logiciel n'explique pas l'absence de réunion.", outcome: "conteste" } });
      expect(appraised.status, JSON.stringify(appraised.body)).to.equal(201);
      const owner = campaign.organisations.find((o) => o.id == bloque.organisation_id)!;
      const answered = await server.api("POST", `${base}/declarations`, { token: owner.token, body: { commitmentId: bloque.commitment_id, status: "en_cours", narrative: "Deux réunions sont fixées en mars.", reason: "" } });
      expect(answered.status, JSON.stringify(answered.body)).to.equal(201);
      await server.api("POST", `${base}/appraisals`, { token: committee, body: { declarationId: campaign.hostile.declarationId, appraisal: "complet", comment: "Pièce probante.", outcome: "valide" } });
      const closed = await server.api("POST", `${base}/state`, { token: pilot, body: { state: "closed" } });
      expect(closed.status).to.equal(200);
      const { snapshotSha256, closedAt } = closed.body.campaign;
      const snapshot = await download(`${server.url}${base}/snapshot`, reader);
      expect(sha256(snapshot.data)).to.equal(snapshotSha256);

      const pdf = await report("pdf");
      const raw = await pdfText(pdf.data);
      const text = flat(raw);
      const day = frenchDay(parisDay(closedAt)); // the day it was closed in Paris
      expect(raw.split("\f")[0]).to.include(`Arrêté le ${day}`);
      expect(raw).to.include(`${campaign.label} · Arrêté le ${day}`);
      expect(raw).not.to.match(/^Projet$/m);
      expect(text).to.include(snapshotSha256).and.include(versionHash);
      expect(text).to.include("Contesté").and.include("Le retard du logiciel n'explique pas l'absence de réunion.").and.include("Deux réunions sont fixées en mars.");
      expect(text).to.include("Complet").and.include("Réponse à la revue");
      expect((await pdfInfo(pdf.data)).Tagged).to.equal("yes");

      const rows = readCsv((await report("csv")).data.toString("utf8").slice(1));
      expect(csvTable(rows, "Campagne").rows).to.deep.include(["Statut du rapport", `Arrêté le ${day}`]);
      expect(csvTable(rows, "Annexe : empreintes").rows).to.deep.include(["Instantané de la campagne close", snapshotSha256]);
      const difficulties = csvTable(rows, "Difficultés et mesures correctives");
      expect(difficulties.rows.some((r) => r[3].includes("Contesté") && r[5] == "En cours : Deux réunions sont fixées en mars.")).to.equal(true);
    });

    it("answers 404 for a campaign the charter does not have, and refuses non-members", async () => {
      for (const extension of ["pdf", "csv", "xlsx"]) {
        const unknown = await report(extension, reader, randomUUID());
        expect(unknown.status).to.equal(404);
        expect(unknown.json.error.id).to.equal("not_found");
        expect(unknown.json.error.message).to.match(/^Campagne introuvable/);
        expect((await report(extension, reader, "pas-une-campagne")).status).to.equal(404);
      }
      // A campaign of another charter is not this one's.
      const other = await signedCharter(server, await demoCharterId(server));
      const res = await server.api("POST", `/api/charters/${other.charterId}/campaigns`, { token: pilot, body: { label: "Bilan ailleurs", start: "2027-01-01", end: "2027-12-31", deadline: "2028-01-31", committeeDate: "2028-02-15" } });
      expect((await report("pdf", reader, res.body.campaign.id)).status).to.equal(404);
      expect((await report("csv", null as unknown as string)).status).to.equal(401);
      const outsider = await server.login((await addUser(server)).email);
      const refused = await report("pdf", outsider);
      expect(refused.status).to.equal(403);
      expect(refused.json.error.id).to.equal("forbidden");
    });
  });
}
