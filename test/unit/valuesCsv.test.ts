import { expect } from "chai";
import { parseValuesCsv } from "../../server/domain/followup/valuesCsv.js";

const codes = new Set(["CQL", "DSF_COUVERTURE"]);

describe("CSV of indicator values", () => {
  it("reads quoted cells, a decimal comma under `;`, the optional « définitive » column and the accentless header", () => {
    const { values, problems } = parseValuesCsv('indicateur;periode;valeur;definitive\n"CQL";2026;"1 204,5";oui\nDSF_COUVERTURE;2026-T1;72;non\n', codes);
    expect(problems).to.deep.equal([]);
    expect(values).to.deep.equal([
      { line: 2, code: "CQL", period: "2026", value: 1204.5, final: true },
      { line: 3, code: "DSF_COUVERTURE", period: "2026-T1", value: 72, final: false },
    ]);
  });

  it("names every missing column of the header, and nothing else", () => {
    expect(parseValuesCsv("code;année;valeur\nCQL;2026;3\n", codes).problems.map((p) => [p.line, p.column])).to.deep.equal([[1, "indicateur"], [1, "période"]]);
  });

  it("refuses an empty file, an open quote, a blank line, a duplicate period and a bad « définitive »", () => {
    expect(parseValuesCsv("", codes).problems).to.have.length(1);
    const { problems } = parseValuesCsv('indicateur;période;valeur;définitive\nCQL;2026;"3\n\nCQL;2027;4;\nCQL;2027;5;\nCQL;2028;6;peut-être\n', codes);
    expect(problems.map((p) => [p.line, p.column])).to.deep.equal([[2, "indicateur"], [3, "indicateur"], [5, "période"], [6, "définitive"]]);
    expect(problems[2].message).to.include("ligne 4");
  });
});
