import { expect } from "chai";
import type { ReportCommitment, ReportModel } from "../../server/domain/followup/reportModel.js";
import { renderReportCsv } from "../../server/export/report/renderReportCsv.js";

/** A commitment of the report with this narrative (the rest as an undeclared one). */
function commitment(narrative: string, k: number): ReportCommitment {
  return {
    id: `c${k}`, organisation: "CAF de Maine-et-Loire", article: 12, articleHeading: "Signalement", stage: 3, stageHeading: "Diagnostic", text: "La CAF signale.",
    due: "2027-03-31", indicator: null, indicatorValue: null, status: "en_cours", fromEarlierCampaign: false, statusLabel: "En cours", overdue: true, narrative, reason: null, revisions: 1,
    declaredAt: "2027-06-01T08:30:00.000Z", appraisal: null, appraisalLabel: "Non apprécié", appraisalComment: "", outcomeLabel: null, answered: false, evidence: [],
  };
}

function model(narratives: string[]): ReportModel {
  return {
    generatedAt: "2028-02-15T10:00:00.000Z",
    charter: { id: "x", title: "Charte", departement: "Maine-et-Loire (49)", versionHash: "a".repeat(64), effectiveDate: null, endDate: null },
    campaign: { id: "y", label: "Bilan 2027", start: "2027-01-01", end: "2027-12-31", deadline: "2028-01-31", committeeDate: "2028-02-15", state: "open", closedAt: null, snapshotSha256: null },
    years: [2025, 2026, 2027],
    synthesis: { total: narratives.length, referenceDay: "2027-12-31", fallenDue: 0, notDeclared: 0, withoutObject: 0, assessed: 0, realised: 0, share: null, overdue: 0, byStatus: [], byAppraisal: [], statusColumns: [], byOrganisation: [], byStage: [] },
    procedure: [],
    objectives: [{
      code: "CQL", label: "Commandements", kind: "objective", unit: "nombre", direction: "down", source: null, method: null, organisation: null,
      baseline: { value: 500, year: 2024 }, target: { value: 300, year: 2030 }, years: [null, null, { value: 397.5, final: true }], trajectory: 400, gap: -2.5, category: "En bonne voie", analysis: "",
    }],
    commitments: narratives.map(commitment), organisations: [], difficulties: [], evidence: [],
  };
}

describe("the evaluation report's CSV file", () => {
  const hostile = ["=1+1", "+33 6 00", "-cmd", "@SUM(A1)", "\tcaché", "\rretour", "Sûr : rien à neutraliser"];
  const csv = renderReportCsv(model([...hostile, 'Deux lignes ; un "mot"\net la suite']));
  const text = csv.toString("utf8");

  it("starts with a BOM and ends lines with CRLF", () => {
    expect([...csv.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(text.split("\r\n").length).to.be.greaterThan(20);
  });

  it("neutralises text a spreadsheet would run as a formula, and only that", () => {
    const lines = text.split("\r\n").filter((l) => l.startsWith("3;Diagnostic;12;"));
    const cells = lines.map((l) => l.split(";")[12]);
    expect(cells.slice(0, 7)).to.deep.equal(["'=1+1", "'+33 6 00", "'-cmd", "'@SUM(A1)", "'\tcaché", "\"'\rretour\"", "Sûr : rien à neutraliser"]);
  });

  it("quotes cells with a separator, a quote or a line break, and writes numbers with a decimal comma, negative ones as numbers", () => {
    expect(text).to.include('"Deux lignes ; un ""mot""\net la suite"');
    expect(text).to.match(/\r\nCQL;Commandements;nombre;↓ à la baisse;500;2024;;;397,5;oui;300;2030;400;-2,5;En bonne voie;/);
    expect(text).to.include("Date du comité;15/02/2028");
    expect(text).to.include("Établi le;15/02/2028 11:00");
  });
});
