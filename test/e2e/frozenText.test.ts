import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { clauseText, connectClient } from "../helpers/collab.js";

/*
 * Issue 9: after restoring V1 then freezing V2, signatories read V2 — the
 * version they are asked to approve — not the live draft (V1's text). Those
 * who write the draft are told it differs, and may open it on purpose.
 */
describe("the frozen version on the « Texte » tab, in the browser", function () {
  this.timeout(30_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  const contexts: BrowserContext[] = [];
  const V2_TEXT = "Phrase propre à la version soumise.";
  let v2: { id: string; number: number; hash: string };

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    charterId = await demoCharterId(server);
    const pilot = await server.login("pilote@example.org");
    const api = (path: string, body?: unknown) => server.api("POST", `/api/charters/${charterId}${path}`, { token: pilot, body });
    const v1 = (await api("/versions", { label: "Premier jet" })).body;
    const editor = await connectClient(server, charterId, await server.login("redacteur@example.org"));
    clauseText(editor.doc).insert(0, V2_TEXT + " ");
    await editor.stored();
    editor.destroy();
    v2 = (await api("/versions", { label: "Texte soumis" })).body;
    expect((await api(`/versions/${v1.id}/restore`)).status).to.equal(200);
    expect((await api("/freeze", { versionId: v2.id, confirmPlaceholders: true })).status).to.equal(200);
  });
  after(async function () {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  const frozenHeading = (page: Page) => page.getByRole("heading", { name: `Texte soumis à l'approbation : version V${v2.number} « Texte soumis »` });

  it("shows a signatory the frozen version, its hash, and that the draft differs, without a way to the draft", async function () {
    const page = await openCharterAs(browser, server, charterId, "signataire@example.org", contexts);
    await frozenHeading(page).waitFor();
    expect(await page.locator(".frozen-text .document-paper").textContent()).to.contain(V2_TEXT);
    expect(await page.locator(".frozen-text-hash code").textContent()).to.equal(v2.hash);
    await page.getByText("Le projet en cours diffère de cette version", { exact: false }).waitFor();
    expect(await page.getByRole("button", { name: "Ouvrir le projet en cours" }).count()).to.equal(0);
    // What is downloaded from the page is what it shows.
    await page.getByRole("button", { name: `Télécharger la version ${v2.number} figée` }).waitFor();
    // The live draft is kept on the page for presence, hidden: nothing of V1's text is visible.
    expect(await page.locator(".document-editor").isVisible()).to.equal(false);
    // The outline lists the frozen text and leads to it.
    await page.getByRole("tab", { name: "Sommaire" }).click();
    await page.locator(`.outline a[href="#figee-article-1"]`).click();
    expect(await page.evaluate(() => document.activeElement?.closest(".frozen-text") != null)).to.equal(true);
  });

  it("lets an editor open the draft on purpose, read-only, and come back to the frozen version", async function () {
    const page = await openCharterAs(browser, server, charterId, "redacteur@example.org", contexts);
    await frozenHeading(page).waitFor();
    await page.getByRole("button", { name: "Ouvrir le projet en cours" }).click();
    await page.getByText("Vous consultez le projet en cours, et non la version soumise à l'approbation des signataires.").waitFor();
    const draft = page.locator('.document-editor .ProseMirror[contenteditable="false"]');
    await draft.waitFor();
    expect(await draft.textContent()).not.to.contain(V2_TEXT);
    await page.getByRole("button", { name: "Revenir à la version figée" }).click();
    await frozenHeading(page).waitFor();
  });
});
