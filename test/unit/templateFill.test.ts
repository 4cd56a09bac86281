import { expect } from "chai";
import { fileURLToPath } from "node:url";
import { DEPARTEMENTS, departementByCode } from "../../server/shared/departements.js";
import { departementWithArticle, ofDepartement } from "../../server/shared/departementArticles.js";
import { fillKnownValues, shiftDueDate } from "../../server/templates/fill.js";
import { loadTemplates } from "../../server/templates/load.js";
import { parseTemplate, TemplateError } from "../../server/templates/parse.js";
import { instantiateTemplate } from "../../server/templates/instantiate.js";
import { findDocPlaceholders } from "../../server/shared/placeholders.js";

const dep = (code: string) => departementByCode(code)!;
const known = (code: string, startYear = 2027, durationYears: number | null = 6) => ({ departement: dep(code), startYear, durationYears });

describe("the département's name in French sentences", () => {
  it("contracts « de » with the article, as French wants", () => {
    const cases: [string, string][] = [
      ["49", "de Maine-et-Loire"], ["59", "du Nord"], ["01", "de l'Ain"], ["40", "des Landes"], ["33", "de la Gironde"],
      ["35", "d'Ille-et-Vilaine"], ["28", "d'Eure-et-Loir"], ["75", "de Paris"], ["84", "de Vaucluse"], ["974", "de La Réunion"],
      ["90", "du Territoire de Belfort"], ["95", "du Val-d'Oise"], ["13", "des Bouches-du-Rhône"], ["34", "de l'Hérault"],
    ];
    for (const [code, expected] of cases) expect(ofDepartement(dep(code)), code).to.equal(expected);
  });

  it("gives the name with its article", () => {
    expect([departementWithArticle(dep("59")), departementWithArticle(dep("01")), departementWithArticle(dep("49")), departementWithArticle(dep("78"))])
      .to.deep.equal(["le Nord", "l'Ain", "Maine-et-Loire", "les Yvelines"]);
  });

  it("knows the article of every département", () => {
    for (const d of DEPARTEMENTS) expect(ofDepartement(d)).to.match(/^(de |du |des |de la |de l'|d')/);
  });
});

describe("filling known values", () => {
  it("fills the département after « de », alone, and in the title's form", () => {
    expect(fillKnownValues("le préfet de [département] et la CAF de [département]", known("59"))).to.equal("le préfet du Nord et la CAF du Nord");
    expect(fillKnownValues("De [département], [département] ; {département}", known("01"))).to.equal("De l'Ain, l'Ain ; Ain");
  });

  it("fills the years and the duration, and leaves the rest to complete", () => {
    expect(fillKnownValues("pour [durée], de [première année] à [dernière année], le [date]", known("49", 2028)))
      .to.equal("pour six ans, de 2028 à 2033, le [date]");
    expect(fillKnownValues("de [première année] à [dernière année] ([durée])", known("49", 2028, null))).to.equal("de 2028 à [dernière année] ([durée])");
  });

  it("moves an échéance by the years between the template's start and the charter's", () => {
    expect(shiftDueDate("2027-06-30", 2027, 2029)).to.equal("2029-06-30");
    expect(shiftDueDate("2028-02-29", 2027, 2028)).to.equal("2029-02-28");
    expect(shiftDueDate("2032-12-31", 2027, 2027)).to.equal("2032-12-31");
  });

  it("reads the duration and the start year from the template's header, and refuses bad ones", () => {
    const source = (header: string) => `---\nid: essai\nname: Essai\n${header}\n---\n\n# Charte\n\nVu la loi.\n\n## Section\n\n### Article\n\nTexte.\n`;
    expect(parseTemplate("essai.md", source("duration: 6\nstartyear: 2027"))).to.include({ durationYears: 6, startYear: 2027 });
    expect(parseTemplate("essai.md", source(""))).to.include({ durationYears: null, startYear: null });
    expect(() => parseTemplate("essai.md", source("duration: 7"))).to.throw(TemplateError, /durée invalide « 7 »/);
    expect(() => parseTemplate("essai.md", source("startyear: vingt"))).to.throw(TemplateError, /année de début invalide/);
  });
});

describe("a charter made from the departmental template", () => {
  const template = loadTemplates(fileURLToPath(new URL("../../charter-templates/", import.meta.url))).templates.get("charte-departementale")!;
  const make = (code: string, startYear?: number) => instantiateTemplate(template, { departement: dep(code), startYear, organisationForKind: () => null }).doc;
  const dues = (doc: ReturnType<typeof make>) => {
    const out: string[] = [];
    doc.descendants((n) => { if (n.type.name == "commitment" && n.attrs.due) out.push(n.attrs.due); return true; });
    return out;
  };

  it("names the département everywhere the template does, with no département placeholder left", () => {
    const doc = make("59", 2027);
    expect(doc.textContent).to.contain("le préfet du Nord").and.contain("le Département du Nord, représenté").and.contain("(PDALHPD) du Nord");
    expect(doc.textContent).not.to.match(/\[département\]|\{département\}|\[durée\]|\[(première|dernière) année\]/);
    expect(doc.textContent).to.contain("pour une durée de six ans, de 2027 à 2032,");
  });

  it("leaves the other placeholders to complete", () => {
    const left = findDocPlaceholders(make("49"));
    expect(left.map((f) => f.text)).to.include.members(["[à compléter]", "[date]", "[commune]", "[35]"]);
    expect(left.some((f) => /département|année|durée/.test(f.text))).to.equal(false);
  });

  it("moves every échéance to the charter's years", () => {
    const base = dues(make("49", 2027)), later = dues(make("49", 2030));
    expect(base).to.include("2032-06-30");
    expect(later).to.deep.equal(base.map((d) => String(Number(d.slice(0, 4)) + 3) + d.slice(4)));
  });
});
