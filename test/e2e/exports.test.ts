import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync, writeFileSync } from "node:fs";
import { type Browser, type BrowserContext, type Download, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId, saveVersion } from "../helpers/fixtures.js";
import { clauseText, connectClient, eventually, type TestClient } from "../helpers/collab.js";
import { bodyText, flat, pdfText, readDocx } from "../helpers/exports.js";
import { readDocumentJSON } from "../../server/domain/documents.js";

/*
 * Downloading the charter from the browser: the « Télécharger » control of
 * the charter page (the live draft) and of a version, in PDF and DOCX, caught
 * as real downloads and read back (pdftotext, mammoth); fetched with the
 * session's token under the app's Content Security Policy. And printing the
 * page prints the text without the application around it.
 */

const PHRASE = "Ajout du comité « cœur de cible »";
const TITLE = "Charte pour la prévention de l'expulsion locative en Maine-et-Loire 2027-2032";

describe("downloading the charter as PDF and DOCX, and printing it, in the browser", function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let page: Page;
  let editor: TestClient;
  const contexts: BrowserContext[] = [];
  const violations: string[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    charterId = await demoCharterId(server);
    await saveVersion(server, charterId, "V1 — à diffuser");
    // The draft moves on after version 1: a partner adds a phrase.
    editor = await connectClient(server, charterId, await server.login("redacteur@example.org"));
    clauseText(editor.doc, 0).insert(0, PHRASE + " ");
    await editor.stored();
    await eventually(async () => JSON.stringify(await readDocumentJSON(server.services, charterId)).includes("cœur de cible"), 3000, "the phrase in the draft");
    // A reader: downloading is for every member.
    page = await openCharterAs(browser, server, charterId, "lecteur@example.org", contexts, async (p) => {
      p.on("console", (message) => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
    });
  });
  after(async () => {
    editor?.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** Opens the « Télécharger … » control named `what`, picks a format, and returns the file the browser downloads. */
  async function download(what: string, format: "PDF" | "DOCX"): Promise<{ download: Download; data: Buffer }> {
    const toggle = page.getByRole("button", { name: `Télécharger ${what}` });
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).to.equal("true");
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: new RegExp(`^${format} `) }).click()]);
    const path = await file.path();
    await page.getByText(`Téléchargement de « ${file.suggestedFilename()} » lancé.`).waitFor({ state: "attached" });
    // The control closes and gives the focus back to its button.
    expect(await toggle.getAttribute("aria-expanded")).to.equal("false");
    expect(await toggle.evaluate((el) => el == document.activeElement)).to.equal(true);
    return { download: file, data: readFileSync(path) };
  }

  it("downloads the live draft as a PDF and as a DOCX from the charter page", async () => {
    const pdf = await download("le projet en cours", "PDF");
    expect(pdf.download.suggestedFilename()).to.equal(`${TITLE} — projet en cours.pdf`);
    const text = await pdfText(pdf.data);
    expect(bodyText(text)).to.contain(TITLE).and.contain(PHRASE).and.contain("Article 1 — Objet de la charte");
    expect(text).to.match(/Page 1 \/ \d+/).and.contain("PROJET");

    const docx = await download("le projet en cours", "DOCX");
    expect(docx.download.suggestedFilename()).to.equal(`${TITLE} — projet en cours.docx`);
    const { text: docxText, html } = await readDocx(docx.data);
    expect(docxText).to.contain(PHRASE);
    expect(html).to.contain("<h3>Article 1 — Objet de la charte</h3>");
    expect(violations).to.deep.equal([]);
  });

  it("downloads a version, which does not have what was written since, from its detail", async () => {
    await page.getByRole("tab", { name: "Historique", exact: true }).click();
    await page.locator(".version-item", { hasText: "V1 — à diffuser" }).click();
    const pdf = await download("la version 1", "PDF");
    expect(pdf.download.suggestedFilename()).to.equal(`${TITLE} — version 1.pdf`);
    const text = flat(await pdfText(pdf.data));
    expect(text).to.contain("Version 1 — V1 — à diffuser").and.not.contain("cœur de cible");
    const docx = await download("la version 1", "DOCX");
    expect(docx.download.suggestedFilename()).to.equal(`${TITLE} — version 1.docx`);
    const docxText = (await readDocx(docx.data)).text;
    expect(docxText).to.contain("Version 1 — V1 — à diffuser").and.not.contain("cœur de cible");
    if (process.env.SCREENSHOT_DIR) {
      await page.getByRole("button", { name: "Télécharger la version 1" }).click();
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/download-version.png` });
      await page.keyboard.press("Escape");
    }
    expect(violations).to.deep.equal([]);
  });

  it("opens and closes with the keyboard", async () => {
    await page.getByRole("tab", { name: "Texte", exact: true }).click();
    const toggle = page.getByRole("button", { name: "Télécharger le projet en cours" });
    await toggle.focus();
    await page.keyboard.press("Enter");
    expect(await toggle.getAttribute("aria-expanded")).to.equal("true");
    // A menu button: opening puts the focus on the first format.
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.match(/^PDF/);
    // Open, the control has no WCAG 2.1 AA violation axe can find (names, contrast, focus order).
    const axe = await new AxeBuilder({ page }).include(".page-head-actions").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).to.deep.equal([]);
    await page.keyboard.press("Escape");
    expect(await toggle.getAttribute("aria-expanded")).to.equal("false");
    expect(await toggle.evaluate((el) => el == document.activeElement)).to.equal(true);
    expect(await page.locator("#download-draft").isVisible()).to.equal(false);
  });

  it("prints the text without the application's controls", async () => {
    await page.getByRole("tab", { name: "Texte", exact: true }).click();
    await page.emulateMedia({ media: "print" });
    try {
      for (const selector of [".site-header", ".tabs", ".editor-bar", ".charter-aside", ".download-menu", ".comment-layer", "button"])
        expect(await page.locator(selector).first().isVisible(), selector).to.equal(false);
      expect(await page.locator(".document-editor").isVisible()).to.equal(true);
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/print.png`, fullPage: false });
      // What Chromium prints, read back.
      const printout = await page.pdf({ format: "A4" });
      if (process.env.SCREENSHOT_DIR) writeFileSync(`${process.env.SCREENSHOT_DIR}/print.pdf`, printout);
      const printed = flat(await pdfText(printout));
      // The numbers are the editor's labels, in capitals: « ARTICLE 1 », then the heading.
      expect(printed).to.contain(TITLE).and.contain("ARTICLE 1 Objet de la charte").and.contain(PHRASE);
      for (const control of ["Télécharger", "Historique", "Différences", "Mes chartes", "Lecture seule"]) expect(printed).not.to.contain(control);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });
});
