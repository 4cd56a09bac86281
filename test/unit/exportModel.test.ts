import { expect } from "chai";
import { parseCharterDocument } from "../../server/shared/validate.js";
import { buildExportModel, plainText, UNASSIGNED, UNKNOWN_ORGANISATION, type ExportedCommitment, type ModelContext } from "../../server/export/model.js";
import { exportFilenames, slug } from "../../server/export/filenames.js";
import { contentDisposition } from "../../server/http/download.js";
import { dispositionFilename } from "../../client/src/api.js";
import { renderCharterPdf } from "../../server/export/pdf/renderCharterPdf.js";
import { renderCharterDocx } from "../../server/export/docx/renderCharterDocx.js";
import { ExportRenderer } from "../../server/export/exportRenderer.js";
import { bodyText, pdfStructure, pdfText, readDocx } from "../helpers/exports.js";

const text = (t: string, marks?: unknown[]) => ({ type: "text", text: t, ...(marks ? { marks } : {}) });
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
const heading = (type: string, t: string) => ({ type, content: t ? [text(t)] : [] });
const clause = (id: string, title: string, ...content: unknown[]) => ({ type: "clause", attrs: { id }, content: [heading("clause_heading", title), ...content] });
const commitment = (id: string, party: string | null, t: string, extra: Record<string, string> = {}) => ({ type: "commitment", attrs: { id, party, due: null, indicator: null, ...extra }, content: [text(t)] });

/** A small charter: two sections, three articles, lists, marks, commitments of a known, an unknown and no organisation. */
const DOC = parseCharterDocument({
  type: "doc",
  content: [
    heading("title", "Charte d'essai"),
    { type: "preamble", content: [paragraph(text("Vu la loi ;"))] },
    {
      type: "section",
      content: [
        heading("section_heading", "Principes"),
        paragraph(text("Introduction du titre.")),
        clause("c1", "Objet", paragraph(text("Un "), text("mot", [{ type: "strong" }]), text(" et "), text("un lien", [{ type: "link", attrs: { href: "https://example.org" } }]), { type: "hard_break" }, text("suite"))),
        clause("c2", "Engagements", commitment("k1", "org-caf", "La CAF s'engage.", { due: "2028-06-30", indicator: "Délai moyen" }), commitment("k2", "org-gone", "Un engagement orphelin."), commitment("k3", null, "À confier.")),
      ],
    },
    {
      type: "section",
      content: [
        heading("section_heading", "Suivi"),
        clause("c3", "Comité", { type: "ordered_list", attrs: { order: 3 }, content: [{ type: "list_item", content: [paragraph(text("premier")), { type: "bullet_list", content: [{ type: "list_item", content: [paragraph(text("sous-point"))] }] }] }] }),
      ],
    },
  ],
});

const CONTEXT: ModelContext = {
  departement: { code: "49", name: "Maine-et-Loire" },
  state: "drafting",
  version: { id: "draft", number: null, label: "Projet en cours", hash: "a".repeat(64), createdAt: "2026-12-01T10:00:00.000Z", author: null },
  signed: false,
  organisationName: (id) => (id == "org-caf" ? "CAF de Maine-et-Loire" : undefined),
  exportedAt: new Date("2026-12-01T10:00:00Z"),
};

describe("the export model", () => {
  const model = buildExportModel(DOC, CONTEXT);

  it("numbers sections from 1 and articles across the whole charter, as the editor does", () => {
    expect(model.title).to.equal("Charte d'essai");
    expect(model.sections.map((s) => [s.number, s.heading, s.articles.map((a) => [a.number, a.id, a.heading])])).to.deep.equal([
      [1, "Principes", [[1, "c1", "Objet"], [2, "c2", "Engagements"]]],
      [2, "Suivi", [[3, "c3", "Comité"]]],
    ]);
    expect(model.preamble).to.deep.equal([{ kind: "paragraph", inlines: [{ text: "Vu la loi ;", bold: false, italic: false, href: null }] }]);
    expect(model.sections[0].introduction).to.have.length(1);
    expect(model.exportedAt).to.equal("2026-12-01T10:00:00.000Z");
  });

  it("names each commitment's organisation, or says it is unknown or to be chosen", () => {
    const commitments = model.sections[0].articles[1].content as ExportedCommitment[];
    expect(commitments.map((c) => [c.organisation, plainText(c.inlines), c.due, c.indicator])).to.deep.equal([
      ["CAF de Maine-et-Loire", "La CAF s'engage.", "2028-06-30", "Délai moyen"],
      [UNKNOWN_ORGANISATION, "Un engagement orphelin.", null, null],
      [UNASSIGNED, "À confier.", null, null],
    ]);
  });

  it("keeps marks, links and line breaks, and nested lists with their start", () => {
    const [p] = model.sections[0].articles[0].content;
    expect(p).to.deep.equal({
      kind: "paragraph",
      inlines: [
        { text: "Un ", bold: false, italic: false, href: null },
        { text: "mot", bold: true, italic: false, href: null },
        { text: " et ", bold: false, italic: false, href: null },
        { text: "un lien", bold: false, italic: false, href: "https://example.org" },
        { lineBreak: true },
        { text: "suite", bold: false, italic: false, href: null },
      ],
    });
    const [list] = model.sections[1].articles[0].content;
    expect(list).to.deep.include({ kind: "list", ordered: true, start: 3 });
    const item = (list as { items: unknown[][] }).items[0];
    expect(item[1]).to.deep.include({ kind: "list", ordered: false, start: 1 });
  });
});

describe("export file names", () => {
  const model = buildExportModel(DOC, CONTEXT);

  it("slugs French titles to ASCII: accents dropped, œ spelt out", () => {
    expect(slug("Charte : « Œuvre commune » — l'État, 2027/2032")).to.equal("charte-oeuvre-commune-l-etat-2027-2032");
  });

  it("names the draft and a version, without characters a file system refuses", () => {
    expect(exportFilenames(model, "pdf")).to.deep.equal({ filename: "Charte d'essai — projet en cours.pdf", asciiFilename: "charte-d-essai-projet-en-cours.pdf" });
    const version = { ...model, title: 'Charte 2027/2032 : "v2"?', version: { ...model.version, id: "x", number: 4 } };
    expect(exportFilenames(version, "docx")).to.deep.equal({ filename: "Charte 2027 2032 v2 — version 4.docx", asciiFilename: "charte-2027-2032-v2-version-4.docx" });
  });

  it("sends both names in Content-Disposition, and the client reads the French one back", () => {
    const header = contentDisposition("Charte d'essai (projet) — version 4.pdf", "charte-d-essai-version-4.pdf");
    expect(header).to.equal(`attachment; filename="charte-d-essai-version-4.pdf"; filename*=UTF-8''Charte%20d%27essai%20%28projet%29%20%E2%80%94%20version%204.pdf`);
    expect(dispositionFilename(header)).to.equal("Charte d'essai (projet) — version 4.pdf");
    expect(dispositionFilename('attachment; filename="seul.pdf"')).to.equal("seul.pdf");
    expect(dispositionFilename("attachment; filename*=UTF-8''%E2%80; filename=\"repli.pdf\"")).to.equal("repli.pdf");
    expect(dispositionFilename(null)).to.equal(null);
  });
});

describe("the PDF and DOCX of a small charter", function () {
  this.timeout(20000);
  const model = buildExportModel(DOC, CONTEXT);

  it("writes lists from their start, nested lists, line breaks, commitments' due dates, indicators and missing organisations", async () => {
    const text = bodyText(await pdfText(await renderCharterPdf(model)));
    expect(text).to.contain("Titre 1 — Principes").and.contain("Article 3 — Comité").and.contain("Vu la loi ;");
    expect(text).to.contain("Un mot et un lien suite");
    expect(text).to.contain("3. premier").and.contain("• sous-point");
    expect(text).to.contain("Engagement — CAF de Maine-et-Loire La CAF s'engage. Échéance : 30 juin 2028 · Indicateur : Délai moyen");
    expect(text).to.contain(`Engagement — ${UNKNOWN_ORGANISATION} Un engagement orphelin.`).and.contain(`Engagement — ${UNASSIGNED} À confier.`);
    const docx = await readDocx(await renderCharterDocx(model));
    expect(docx.html).to.contain("<ol><li>premier<ul><li>sous-point</li></ul></li></ol>");
    expect(docx.html).to.contain('<a href="https://example.org">un lien</a><br />suite');
    expect(docx.text).to.contain("Échéance : 30 juin 2028  ·  Indicateur : Délai moyen");
  });

  it("lets a caller add pages to the same tagged document, before the pages are numbered", async () => {
    const pdf = await renderCharterPdf(model, {
      watermark: false,
      extraPages(writer) {
        writer.newPage();
        writer.heading(2, "Signatures");
        writer.paragraph("Pour la CAF de Maine-et-Loire, le directeur.");
      },
    });
    const pages = (await pdfText(pdf)).split("\f").filter((p) => p.trim());
    expect(pages).to.have.length(2);
    expect(pages[1]).to.contain("Signatures").and.contain("Page 2 / 2");
    expect(pages.join("")).not.to.contain("PROJET");
    const tree = await pdfStructure(pdf);
    expect(tree.filter((e) => e.type == "H2").map((e) => e.text)).to.deep.equal(["Titre 1 — Principes", "Titre 2 — Suivi", "Signatures"]);
  });
});

describe("the export worker", function () {
  this.timeout(30000);
  const model = buildExportModel(DOC, CONTEXT);

  it("renders on its own thread what the renderers make on this one", async () => {
    const renderer = new ExportRenderer();
    try {
      const [pdf, docx] = await Promise.all([renderer.render("pdf", model), renderer.render("docx", model)]);
      expect(bodyText(await pdfText(pdf))).to.equal(bodyText(await pdfText(await renderCharterPdf(model))));
      expect((await readDocx(docx)).html).to.equal((await readDocx(await renderCharterDocx(model))).html);
    } finally {
      await renderer.close();
    }
  });

  it("fails the jobs of a worker that stops, and starts a new one for the next", async () => {
    const renderer = new ExportRenderer();
    try {
      const lost = renderer.render("pdf", model);
      const closing = renderer.close();
      // Sent to a new worker while the first is stopping: not lost with it.
      const next = renderer.render("pdf", model);
      await closing;
      let failure: Error | null = null;
      await lost.catch((err: Error) => (failure = err));
      expect(failure!.message).to.match(/export worker stopped/);
      expect((await next).subarray(0, 5).toString()).to.equal("%PDF-");
    } finally {
      await renderer.close();
    }
  });
});
