import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";

/*
 * Template placeholders in the browser, against the real server and the
 * built client (`dist/`): highlighted in the editor, listed in the
 * « À compléter » panel, selected from it, replaced by typing, and warned
 * about when freezing. Set SCREENSHOTS=dir to keep pictures of the editor.
 */

describe("template placeholders in the browser", function () {
  this.timeout(40_000);

  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let pilot: Page;
  const contexts: BrowserContext[] = [];

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    const token = await server.login("pilote@example.org");
    charterId = (await server.api("GET", "/api/charters", { token })).body.charters[0].id;
    pilot = await openCharterAs(browser, server, charterId, "pilote@example.org", contexts);
  });

  after(async function () {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  const highlights = () => pilot.locator(".document-editor .template-placeholder");
  const panel = () => pilot.locator(".placeholders-panel");
  const countText = async () => (await panel().locator(".placeholders-count").textContent())!;
  /** The sidebar tab, named with its count as a screen reader says it. */
  const tabNamed = (n: number) => pilot.getByRole("tab", { name: `À compléter : ${n} éléments`, exact: true });
  const screenshot = async (name: string) => {
    if (process.env.SCREENSHOTS) await pilot.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png` });
  };

  it("highlights every placeholder in the editor and lists as many in the « À compléter » panel", async function () {
    await highlights().first().waitFor();
    const n = await highlights().count();
    expect(n).to.be.greaterThan(30);
    // Not by colour alone: a dashed underline too.
    expect(await highlights().first().evaluate((el) => getComputedStyle(el).borderBottomStyle)).to.equal("dashed");
    await pilot.getByRole("tab", { name: /^À compléter/ }).click();
    expect(await countText()).to.equal(`${n} éléments à compléter dans le texte.`);
    expect(await tabNamed(n).count()).to.equal(1);
    expect(await panel().getByRole("button").count()).to.equal(n);
    expect(await highlights().allTextContents()).to.deep.equal(await panel().locator(".placeholder-text").allTextContents());
    await screenshot("placeholders-panel");
  });

  it("selects a placeholder in the editor from the panel, and typing over it takes it off the list", async function () {
    const n = await highlights().count();
    const entry = panel().getByRole("button").nth(1);
    const text = (await entry.locator(".placeholder-text").textContent())!;
    await entry.click();
    expect(await pilot.evaluate(() => window.getSelection()!.toString())).to.equal(text);
    expect(await pilot.evaluate(() => !!document.activeElement?.closest(".ProseMirror"))).to.equal(true);
    await pilot.keyboard.type("14 mars 2025");
    await pilot.locator(".document-editor", { hasText: "du 14 mars 2025" }).waitFor();
    await pilot.waitForFunction((expected) => document.querySelectorAll(".document-editor .template-placeholder").length == expected, n - 1);
    expect(await countText()).to.equal(`${n - 1} éléments à compléter dans le texte.`);
    expect(await tabNamed(n - 1).count()).to.equal(1);
    await screenshot("placeholders-after-typing");
  });

  it("warns, in the app's dialog, that the version to freeze still holds placeholders, and the freeze is audited", async function () {
    const n = await highlights().count();
    await pilot.getByRole("tab", { name: "Historique", exact: true }).click();
    await pilot.getByLabel("Nom de la version").fill("V1");
    await pilot.getByRole("button", { name: "Enregistrer une version" }).click();
    await pilot.getByText("Version V1 « V1 » enregistrée.").waitFor();
    await pilot.locator(".version-item", { hasText: "V1" }).click();
    await pilot.getByRole("button", { name: "Figer pour approbation" }).click();
    const dialog = pilot.getByRole("dialog", { name: "Figer la version V1 pour approbation ?" });
    await dialog.getByText(`Cette version contient encore ${n} éléments à compléter.`).waitFor();
    const listed = dialog.getByRole("list", { name: "Éléments à compléter de la version V1" });
    expect(await listed.textContent()).to.contain("Préambule").and.contain("[à compléter]");
    await screenshot("placeholders-freeze-dialog");
    await dialog.getByRole("button", { name: "Figer pour approbation" }).click();
    await pilot.getByText("V1 figée pour approbation : la rédaction est suspendue").waitFor();

    const token = await server.login("pilote@example.org");
    const events = (await server.api("GET", `/api/charters/${charterId}/audit`, { token })).body.events;
    expect(events.find((e: { action: string }) => e.action == "charter.frozen_with_placeholders").details).to.include({ count: n });
  });

  it("creates a charter whose département and years are filled in from the form", async function () {
    const year = new Date().getFullYear() + 2;
    await pilot.goto(`${server.url}/chartes/nouvelle`);
    await pilot.getByLabel("Département", { exact: true }).selectOption("59");
    await pilot.getByLabel("Première année de la charte").selectOption(String(year));
    await pilot.getByText(`Pour 6 ans : de ${year} à ${year + 5}.`).waitFor();
    await screenshot("new-charter-form");
    await pilot.getByLabel("Titre de la charte").fill("Charte du Nord");
    await pilot.getByRole("button", { name: "Créer la charte" }).click();
    const text = pilot.locator(".document-editor");
    await text.getByText("l'État, représenté par le préfet du Nord ;").waitFor();
    expect(await text.textContent()).to.contain(`pour une durée de six ans, de ${year} à ${year + 5},`).and.not.contain("[département]");
  });
});
