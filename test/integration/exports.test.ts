import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { addUser, demoCharterId, freshCharter, saveVersion } from "../helpers/fixtures.js";
import { clauseText, connectClient, eventually, type TestClient } from "../helpers/collab.js";
import { bodyText, download, elementTexts, flat, pdfFonts, pdfInfo, pdfStructure, pdfText, readDocx } from "../helpers/exports.js";
import { readDocumentJSON } from "../../server/domain/documents.js";
import { parseCharterDocument } from "../../server/shared/validate.js";
import { numberCharter } from "../../server/shared/numbering.js";
import { DEFAULT_USER_BUDGETS } from "../../server/config.js";

/** French typography the fonts must carry: guillemets, œ, a no-break space, a curly apostrophe. */
const PHRASE = "Le cœur du dispositif : « l’aller-vers »\u00a0! ";

/** What the charter's draft says, as the exports must show it: headings with their numbers, commitments with their organisation. */
async function expectedContent(server: TestServer, charterId: string) {
  const doc = parseCharterDocument(await readDocumentJSON(server.services, charterId));
  const orgs = new Map((await server.services.db("organisations").select("id", "name")).map((o: { id: string; name: string }) => [o.id, o.name]));
  const headings = numberCharter(doc).map((e) => `${e.kind == "section" ? "Titre" : "Article"} ${e.number} — ${e.heading}`);
  const commitments: { organisation: string; text: string }[] = [];
  doc.descendants((node) => {
    if (node.type.name == "commitment") commitments.push({ organisation: orgs.get(node.attrs.party) ?? "?", text: node.textContent });
    return node.type.name != "commitment";
  });
  return { title: doc.firstChild!.textContent, headings, commitments, sections: headings.filter((h) => h.startsWith("Titre")), articles: headings.filter((h) => h.startsWith("Article")) };
}

for (const kind of databaseKinds()) describe(`PDF and DOCX exports on ${kind.name}`, function () {
  this.timeout(60000);
  let server: TestServer;
  let charterId: string;
  let reader: string, editor: string;
  const clients: TestClient[] = [];
  const get = (format: "pdf" | "docx", query = "", token: string | null = reader, id = charterId) => download(`${server.url}/api/charters/${id}/export.${format}${query}`, token);

  before(async () => {
    // The budget of exports (tested below) would stop this suite's many downloads.
    server = await startTestServer({ database: kind, config: { userBudgets: { ...DEFAULT_USER_BUDGETS, exports: { points: 1000, perSeconds: 60 } } } });
    charterId = await demoCharterId(server);
    [reader, editor] = await Promise.all(["lecteur@example.org", "redacteur@example.org"].map((e) => server.login(e)));
  });
  after(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
  });

  it("exports the draft as a tagged PDF 1.7 in French, fonts embedded, every numbered title and article, each commitment with its organisation, page numbers and PROJET", async () => {
    const res = await get("pdf", "?version=draft");
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.equal("application/pdf");
    expect(res.data.subarray(0, 8).toString("latin1")).to.equal("%PDF-1.7");
    const expected = await expectedContent(server, charterId);

    const info = await pdfInfo(res.data);
    expect(info).to.include({ Tagged: "yes", Title: expected.title, "PDF version": "1.7", Author: "Charte — département de Maine-et-Loire (49)" });
    expect(info.Subject).to.contain("Projet en cours");
    expect(info.CreationDate).to.match(/\d{4}/);
    const fonts = await pdfFonts(res.data);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ""))).to.include.members(["DejaVuSerif", "DejaVuSans-Bold"]);
    expect(fonts.every((f) => f.embedded), JSON.stringify(fonts)).to.equal(true);

    const text = await pdfText(res.data);
    const all = bodyText(text);
    expect(all).to.contain(expected.title);
    for (const heading of expected.headings) expect(all).to.contain(heading);
    expect(expected.commitments.length).to.be.greaterThan(10);
    for (const c of expected.commitments) expect(all).to.contain(`Engagement — ${c.organisation} ${c.text}`);
    expect(all).to.contain("« prévention des expulsions »").and.contain("mise en œuvre");
    const pages = text.split("\f").filter((p) => p.trim());
    expect(pages.length).to.equal(Number(info.Pages)).and.be.greaterThan(5);
    pages.forEach((page, i) => {
      expect(page).to.contain(`Page ${i + 1} / ${pages.length}`);
      expect(page).to.contain("PROJET");
    });
    expect(pages[0]).to.contain("Projet en cours").and.contain("Projet : ce texte n'est pas la charte signée.");
  });

  it("tags the PDF: headings H1 to H3 with their numbers, paragraphs, lists, each commitment a Div; page furniture left out of the tree", async () => {
    const res = await get("pdf", "?version=draft");
    const expected = await expectedContent(server, charterId);
    const tree = await pdfStructure(res.data);
    expect(tree[0]).to.include({ type: "Document", depth: 0 });
    const texts = (type: string) => tree.filter((e) => e.type == type).map((e) => e.text);
    expect(texts("H1")).to.deep.equal([expected.title]);
    expect(texts("H2")).to.deep.equal(expected.sections);
    expect(texts("H3")).to.deep.equal(expected.articles);
    const sections = tree.filter((e) => e.type == "Sect");
    expect(sections.filter((e) => e.depth == 1).map((e) => e.title)).to.deep.equal([null, ...expected.sections.map((h) => h.split(" — ")[0])]);
    expect(sections.filter((e) => e.depth == 2).map((e) => e.title)).to.deep.equal(expected.articles.map((h) => h.split(" — ")[0]));
    for (const type of ["L", "LI", "Lbl", "LBody"]) expect(texts(type).length, type).to.be.greaterThan(3);
    // A commitment: a Div holding the organisation's name, then the commitment's text.
    const commitments = tree.flatMap((e, i) => (e.type == "Div" && tree[i + 1]?.text.startsWith("Engagement — ") ? [{ label: tree[i + 1].text, text: tree[i + 2].text }] : []));
    expect(commitments).to.deep.equal(expected.commitments.map((c) => ({ label: `Engagement — ${c.organisation}`, text: c.text })));
    // The watermark and the footers are artifacts: not read out, not in the tree.
    const all = tree.map((e) => e.text).join("\n");
    expect(all).not.to.match(/Page \d+ \/ \d+/);
    expect(all).not.to.contain("PROJET");
  });

  it("exports the draft as a DOCX with the same headings, articles and commitments", async () => {
    const res = await get("docx", "?version=draft");
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const expected = await expectedContent(server, charterId);
    const { html, text } = await readDocx(res.data);
    expect(elementTexts(html, "h1")).to.deep.equal([expected.title]);
    expect(elementTexts(html, "h2")).to.deep.equal(expected.sections);
    expect(elementTexts(html, "h3")).to.deep.equal(expected.articles);
    const paragraphs = elementTexts(html, "p");
    const labels = paragraphs.filter((p) => p.startsWith("Engagement — "));
    expect(labels).to.deep.equal(expected.commitments.map((c) => `Engagement — ${c.organisation}`));
    for (const c of expected.commitments) expect(paragraphs).to.include(c.text);
    expect(text).to.contain("« prévention des expulsions »").and.contain("mise en œuvre");
    expect(html).to.contain("<ul><li>");
  });

  it("names the file after the title and the version, in ASCII and in French (RFC 5987)", async () => {
    const res = await get("pdf", "?version=draft");
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).to.match(/^attachment; filename="charte-pour-la-prevention-de-l-expulsion-locative-en-maine-et-loire-2027-2032-projet-en-cours\.pdf"; filename\*=UTF-8''/);
    const french = decodeURIComponent(disposition.split("filename*=UTF-8''")[1]);
    expect(french).to.equal("Charte pour la prévention de l'expulsion locative en Maine-et-Loire 2027-2032 — projet en cours.pdf");
    const docx = await get("docx", "?version=draft");
    expect(docx.headers.get("content-disposition")).to.contain("-projet-en-cours.docx\"");
  });

  it("exports a saved version as it was, and the live draft with the edits made since; by default the draft, or the frozen version while frozen", async () => {
    const id = await freshCharter(server);
    const v1 = await saveVersion(server, id, "V1 — avant la relecture");
    const client = await connectClient(server, id, editor);
    clients.push(client);
    clauseText(client.doc, 0).insert(0, PHRASE);
    await client.stored();
    await eventually(async () => JSON.stringify(await readDocumentJSON(server.services, id)).includes("aller-vers"), 3000, "the edit in the live draft");

    const draft = bodyText(await pdfText((await get("pdf", "?version=draft", reader, id)).data));
    // pdftotext reads a no-break space as a space; the DOCX keeps it.
    expect(draft).to.contain(PHRASE.trim().replace("\u00a0", " "));
    const version = await get("pdf", `?version=${v1}`, reader, id);
    expect(version.status).to.equal(200);
    const versionText = flat(await pdfText(version.data));
    expect(versionText).not.to.contain("aller-vers");
    expect(versionText).to.contain("Version 1 — V1 — avant la relecture").and.contain("par Claire Martin");
    expect(version.headers.get("content-disposition")).to.contain("-version-1.pdf\"");
    const docxDraft = (await readDocx((await get("docx", "?version=draft", reader, id)).data)).text;
    expect(docxDraft).to.contain(PHRASE.trim());
    expect((await readDocx((await get("docx", `?version=${v1}`, reader, id)).data)).text).not.to.contain("aller-vers");

    expect(flat(await pdfText((await get("pdf", "", reader, id)).data))).to.contain("aller-vers");
    const pilot = await server.login("pilote@example.org");
    expect((await server.api("POST", `/api/charters/${id}/freeze`, { token: pilot, body: { versionId: v1, confirmPlaceholders: true } })).status).to.equal(200);
    const byDefault = flat(await pdfText((await get("pdf", "", reader, id)).data));
    expect(byDefault).to.contain("Version 1 — V1").and.not.contain("aller-vers");
  });

  it("leaves PROJET out of the signed version only", async () => {
    const id = await freshCharter(server);
    const signed = await saveVersion(server, id, "Version signée");
    const other = await saveVersion(server, id, "Une autre");
    // Signing comes in a later issue: the charter is put in the state it will leave it in.
    await server.services.db("charters").where({ id }).update({ state: "signed", frozen_version_id: signed });
    const signedRes = await get("pdf", `?version=${signed}`, reader, id);
    expect(signedRes.status, signedRes.data.toString()).to.equal(200);
    const signedPdf = await pdfText(signedRes.data);
    expect(signedPdf).not.to.contain("PROJET");
    expect(signedPdf).to.contain("Charte signée.");
    expect(await pdfText((await get("pdf", `?version=${other}`, reader, id)).data)).to.contain("PROJET");
    expect(await pdfText((await get("pdf", "?version=draft", reader, id)).data)).to.contain("PROJET");
    expect((await readDocx((await get("docx", `?version=${signed}`, reader, id)).data)).text).not.to.contain("PROJET");
  });

  it("refuses outsiders (403), the signed-out (401), an unknown version (404) and a bad version value (400), in French", async () => {
    const outsider = await server.login((await addUser(server)).email);
    for (const format of ["pdf", "docx"] as const) {
      const forbidden = await get(format, "?version=draft", outsider);
      expect(forbidden.status).to.equal(403);
      expect(forbidden.json.error).to.deep.include({ id: "forbidden", message: "Vous n'êtes pas membre de cette charte." });
      expect((await get(format, "?version=draft", null)).status).to.equal(401);
      const unknown = await get(format, `?version=${randomUUID()}`);
      expect(unknown.status).to.equal(404);
      expect(unknown.json.error).to.deep.include({ id: "not_found", message: "Version introuvable." });
      for (const bad of ["?version=", "?version=v1", "?version=draft&version=draft", `?version=${"a".repeat(36)}`]) {
        const res = await get(format, bad);
        expect(res.status, bad).to.equal(400);
        expect(res.json.error).to.include({ id: "invalid_input", field: "version" });
        expect(res.json.error.message).to.contain("« version »");
      }
      expect((await get(format, "?version=draft", reader, randomUUID())).status).to.equal(404);
    }
    // A version of another charter is not one of this charter's.
    const other = await freshCharter(server);
    const foreign = await saveVersion(server, other);
    expect((await get("pdf", `?version=${foreign}`)).status).to.equal(404);
  });
});

describe("the exports in the OpenAPI document", function () {
  this.timeout(30000);
  it("describes the binary answers and the version parameter", async () => {
    const server = await startTestServer({ seedDemo: false });
    try {
      const doc = (await server.api("GET", "/api/openapi.json")).body;
      for (const [path, type] of [["pdf", "application/pdf"], ["docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]]) {
        const op = doc.paths[`/api/charters/{id}/export.${path}`].get;
        expect(op["x-permission"]).to.equal("document:read");
        expect(op.responses["200"].content[type].schema).to.deep.equal({ type: "string", format: "binary" });
        expect(op.responses).to.include.keys("400", "401", "403", "404", "429");
        expect(op.parameters.find((p: { name: string }) => p.name == "version")).to.include({ in: "query", required: false });
      }
    } finally {
      await server.close();
    }
  });
});

describe("the export budget", function () {
  this.timeout(30000);
  it("answers 429 with Retry-After once a user has downloaded too many exports; others are unaffected", async () => {
    const server = await startTestServer({ config: { userBudgets: { ...DEFAULT_USER_BUDGETS, exports: { points: 2, perSeconds: 60 } } } });
    try {
      const charterId = await demoCharterId(server);
      const [reader, editor] = await Promise.all(["lecteur@example.org", "redacteur@example.org"].map((e) => server.login(e)));
      const get = (format: string, token: string) => download(`${server.url}/api/charters/${charterId}/export.${format}?version=draft`, token);
      expect((await get("pdf", reader)).status).to.equal(200);
      expect((await get("docx", reader)).status).to.equal(200);
      const over = await get("pdf", reader);
      expect(over.status).to.equal(429);
      expect(Number(over.headers.get("retry-after"))).to.be.greaterThan(0);
      expect(over.json.error.message).to.equal("Trop de téléchargements demandés en peu de temps. Patientez un instant avant de télécharger de nouveau.");
      expect((await get("docx", editor)).status).to.equal(200);
    } finally {
      await server.close();
    }
  });
});
