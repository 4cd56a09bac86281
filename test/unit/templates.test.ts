import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTemplates } from "../../server/templates/load.js";
import { parseTemplate, TemplateError } from "../../server/templates/parse.js";
import { instantiateTemplate } from "../../server/templates/instantiate.js";
import { summarizeTemplate } from "../../server/templates/summary.js";
import { parseCharterDocument } from "../../server/shared/validate.js";
import { departementByCode } from "../../server/shared/departements.js";

const templatesDir = fileURLToPath(new URL("../../charter-templates/", import.meta.url));

const minimal = (body: string) => `---\nid: essai\nname: Essai\n---\n\n# Charte {département}\n\nVu la loi.\n\n## Section\n\n### Article\n\n${body}\n`;

function errorOf(source: string): TemplateError {
  try {
    parseTemplate("essai.md", source);
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error("the template was accepted");
}

describe("the shipped template", () => {
  const { templates, errors } = loadTemplates(templatesDir);
  const template = templates.get("charte-departementale")!;

  it("loads without errors", () => {
    expect(errors.map((e) => e.message)).to.deep.equal([]);
    expect(template).to.exist;
  });

  it("follows the 12-section outline with at least 25 commitments over at least 8 kinds of partner", () => {
    const summary = summarizeTemplate(template);
    expect(summary.sections).to.equal(12);
    expect(summary.commitments).to.be.at.least(25);
    expect(summary.partnerKinds.length).to.be.at.least(8);
    const headings: string[] = [];
    template.doc.forEach((node) => { if (node.type.name == "section") headings.push(node.firstChild!.textContent); });
    expect(headings[0]).to.match(/^Préambule/);
    expect(headings[11]).to.match(/^Indicateurs/);
  });
});

describe("template format", () => {
  it("parses clauses, lists, marks and commitment options", () => {
    const t = parseTemplate("essai.md", minimal("Texte **gras**, *penché* et [lien](https://example.org).\n\n- un\n- deux\n\n@caf: La CAF s'engage. {indicateur: Nombre de maintiens; échéance: 2027-12-31}"));
    const clause = t.doc.child(2).child(1);
    expect(clause.type.name).to.equal("clause");
    const para = clause.child(1);
    expect(para.textContent).to.equal("Texte gras, penché et lien.");
    expect(para.child(1).marks.map((m) => m.type.name)).to.deep.equal(["strong"]);
    expect(clause.child(2).type.name).to.equal("bullet_list");
    const commitment = clause.child(3);
    expect(commitment.attrs).to.include({ party: "caf", indicator: "Nombre de maintiens", due: "2027-12-31" });
    expect(commitment.textContent).to.equal("La CAF s'engage.");
  });

  it("reports an unknown partner with its file and line", () => {
    const err = errorOf(minimal("Texte.\n\n@inconnu: Quelqu'un s'engage."));
    expect(err.file).to.equal("essai.md");
    expect(err.line).to.equal(16);
    expect(err.message).to.match(/^essai\.md:16: partenaire inconnu « inconnu »/);
  });

  it("reports a commitment outside a clause", () => {
    const err = errorOf("---\nid: essai\nname: Essai\n---\n# Titre\n\nVu.\n\n## Section\n\n@caf: hors article\n");
    expect(err.line).to.equal(11);
    expect(err.reason).to.match(/hors d'un article/);
  });

  it("reports a numbered heading, since numbers are derived", () => {
    expect(errorOf(minimal("").replace("### Article", "### Article 3 - Objet")).reason).to.match(/ne numérotez pas/);
  });

  it("reports a bad due date and an unknown option", () => {
    expect(errorOf(minimal("@caf: x {échéance: 2027-13-01}")).reason).to.match(/échéance invalide/);
    expect(errorOf(minimal("@caf: x {budget: 3}")).reason).to.match(/option d'engagement inconnue/);
  });

  it("reports missing front matter and missing title", () => {
    expect(errorOf("# Titre\n").reason).to.match(/en-tête manquant/);
    expect(errorOf("---\nid: x\nname: X\n---\n\nVu.\n").reason).to.match(/doit commencer par le titre/);
  });

  it("reports unsupported Markdown", () => {
    expect(errorOf(minimal("> citation")).reason).to.match(/non pris en charge/);
  });

  it("keeps loading the good templates when one is broken", () => {
    const dir = mkdtempSync(join(tmpdir(), "tpl-"));
    writeFileSync(join(dir, "bon.md"), minimal("@caf: ok"));
    writeFileSync(join(dir, "casse.md"), minimal("@caf: ok").replace("id: essai", "id: casse") + "\n@nobody: x\n");
    const { templates, errors } = loadTemplates(dir);
    rmSync(dir, { recursive: true, force: true });
    expect([...templates.keys()]).to.deep.equal(["essai"]);
    expect(errors).to.have.length(1);
    expect(errors[0].message).to.match(/^casse\.md:\d+: partenaire inconnu/);
  });
});

describe("instantiating a template", () => {
  const template = loadTemplates(templatesDir).templates.get("charte-departementale")!;
  const make = () => instantiateTemplate(template, {
    departement: departementByCode("49")!,
    organisationForKind: (kind) => (kind == "caf" || kind == "prefecture" ? `org-${kind}` : null),
  });

  it("gives every clause and commitment a fresh unique id and a valid document", () => {
    const a = make().doc, b = make().doc;
    const ids = (doc: typeof a) => { const out: string[] = []; doc.descendants((n) => { if (n.attrs.id) out.push(n.attrs.id); return true; }); return out; };
    expect(new Set(ids(a)).size).to.equal(ids(a).length);
    expect(ids(a).filter((id) => ids(b).includes(id))).to.deep.equal([]);
    expect(() => parseCharterDocument(a.toJSON())).not.to.throw();
  });

  it("assigns commitments to the chosen organisation of their kind and counts the others", () => {
    const { doc, unassigned } = make();
    const parties = new Set<string | null>();
    doc.descendants((n) => { if (n.type.name == "commitment") parties.add(n.attrs.party); return true; });
    expect([...parties].sort()).to.deep.equal(["org-caf", "org-prefecture", null].sort());
    expect(unassigned).to.be.greaterThan(0);
  });

  it("fills the département in the title, or uses the title given", () => {
    expect(make().doc.firstChild!.textContent).to.contain("Maine-et-Loire").and.not.contain("{");
    const titled = instantiateTemplate(template, { departement: departementByCode("01")!, title: "Ma charte", organisationForKind: () => null });
    expect(titled.doc.firstChild!.textContent).to.equal("Ma charte");
  });
});
