import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { openCampaign, signedCharter } from "../helpers/followupFixtures.js";

/*
 * The public page of a signed charter in Chromium: the pilot publishes it from
 * the charter's page with the keyboard, after confirming in a dialog (the
 * focus then on the button that now shows), anyone then reads it without
 * signing in (signed text and hash, signatories, last closed campaign's
 * synthesis), checked with axe; once the pilot withdraws it (confirmed too),
 * the address says it is not published.
 */
describe("the public page of a signed charter, in the browser", function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let versionHash: string;
  let pilot: Page;
  const contexts: BrowserContext[] = [];
  const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ charterId, versionHash } = await signedCharter(server, await demoCharterId(server)));
    // A closed campaign with one declaration done and appraised, so that the page has a synthesis.
    const editor = await server.services.db("users").where({ email: "redacteur@example.org" }).first();
    const commitment = await server.services.db("tracked_commitments").where({ charter_id: charterId, organisation_id: editor.organisation_id }).orderBy("position").first();
    const campaignId = await openCampaign(server, charterId, "Bilan 2027");
    const base = `/api/charters/${charterId}/campaigns/${campaignId}`;
    const declared = await server.api("POST", `${base}/declarations`, { token: await server.login("redacteur@example.org"), body: { commitmentId: commitment.commitment_id, status: "realise", narrative: "Fait." } });
    const pilotToken = await server.login("pilote@example.org");
    await server.api("POST", `${base}/state`, { token: pilotToken, body: { state: "in_review" } });
    await server.api("POST", `${base}/appraisals`, { token: await server.login("comite@example.org"), body: { declarationId: declared.body.declaration.id, appraisal: "complet", comment: "" } });
    expect((await server.api("POST", `${base}/state`, { token: pilotToken, body: { state: "closed" } })).status).to.equal(200);
    pilot = await openCharterAs(browser, server, charterId, "pilote@example.org", contexts);
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  /** The block's own button (« Publier » or « Retirer la publication »), not the one of its confirmation dialog. */
  const blockButton = () => pilot.locator(".publication > button");
  /** Waits until the focus is on the block's button, and that it reads `label`. */
  async function expectFocusOnBlockButton(label: string) {
    await pilot.waitForFunction((l) => document.activeElement?.matches(".publication > button") && document.activeElement.textContent == l, label, { timeout: 5000 }).catch(() => {});
    expect(await pilot.evaluate(() => (document.activeElement?.matches(".publication > button") ? document.activeElement.textContent : document.activeElement?.outerHTML.slice(0, 80)))).to.equal(label);
  }

  it("lets the pilot publish from the charter's page with the keyboard, after confirming, and shows the public address", async () => {
    const block = pilot.locator(".publication");
    await block.getByText("Non publiée.").waitFor();
    await blockButton().focus();
    await pilot.keyboard.press("Enter");
    // Nothing is published on the first press: a dialog asks, « Annuler » focused so that Enter does not confirm by mistake.
    const dialog = pilot.getByRole("dialog", { name: "Publier la charte ?" });
    await dialog.waitFor();
    expect(await dialog.innerText()).to.include(`${server.url}/chartes-publiques/${charterId}`);
    expect(await dialog.getByRole("button", { name: "Annuler" }).evaluate((el) => el == document.activeElement)).to.equal(true);
    await pilot.screenshot({ path: "/tmp/charte-publication-confirm.png" });
    const axeDialog = await new AxeBuilder({ page: pilot }).include("dialog").withTags(wcag).analyze();
    expect(axeDialog.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).to.deep.equal([]);
    await pilot.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await block.getByText("Non publiée.").count()).to.equal(1);
    await expectFocusOnBlockButton("Publier");

    await pilot.keyboard.press("Enter");
    await dialog.waitFor();
    await pilot.keyboard.press("Shift+Tab");
    expect(await dialog.getByRole("button", { name: "Publier" }).evaluate((el) => el == document.activeElement)).to.equal(true);
    await pilot.keyboard.press("Enter");
    const link = block.getByRole("link", { name: `${server.url}/chartes-publiques/${charterId}` });
    await link.waitFor();
    expect(await link.getAttribute("href")).to.equal(`/chartes-publiques/${charterId}`);
    // The focus is on the button that now shows, not back at the top of the page.
    await expectFocusOnBlockButton("Retirer la publication");
    expect(await block.getByRole("status").textContent()).to.include("La charte est publiée");
    await block.screenshot({ path: "/tmp/charte-publication-block.png" });
    const axe = await new AxeBuilder({ page: pilot }).include(".publication").withTags(wcag).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).to.deep.equal([]);
  });

  it("shows anyone, without signing in, the signed text and hash, the signatories and the synthesis", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/chartes-publiques/${charterId}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.locator(".ProseMirror").first().waitFor();
    expect(page.url()).to.equal(`${server.url}/chartes-publiques/${charterId}`);
    const signatories = page.getByRole("region", { name: "Signataires" }).locator("tbody tr");
    expect(await signatories.count()).to.equal(14);
    expect(await signatories.first().innerText()).to.include("Représentant légal");
    const text = await page.locator(".public-charter").innerText();
    expect(text).to.include(versionHash);
    expect(text).to.include("Réalisés / échus, hors sans objet");
    expect(text).to.include("Bilan 2027");
    expect(text).not.to.include("@example.org");
    const byStatus = page.getByRole("table", { name: "Engagements par statut déclaré par les organisations" });
    expect(await byStatus.getByRole("row", { name: /^Réalisé 1 / }).count()).to.equal(1);
    await page.screenshot({ path: "/tmp/charte-public-page.png", fullPage: false });
    await page.getByRole("region", { name: "Synthèse du dernier bilan annuel" }).screenshot({ path: "/tmp/charte-public-synthesis.png" });
    const axe = await new AxeBuilder({ page }).withTags(wcag).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).to.deep.equal([]);

    // The page's own contents links work from the keyboard.
    await page.getByRole("link", { name: "Texte signé" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/#texte$/);
    expect(await page.getByRole("heading", { name: "Texte signé" }).isVisible()).to.equal(true);
  });

  it("says the charter is not published once the pilot withdraws it, after confirming", async () => {
    await blockButton().click();
    const dialog = pilot.getByRole("dialog", { name: "Retirer la publication ?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Retirer la publication" }).click();
    await pilot.locator(".publication").getByText("Non publiée.").waitFor();
    await expectFocusOnBlockButton("Publier");
    const context = await browser.newContext({ locale: "fr-FR" });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/chartes-publiques/${charterId}`);
    await page.getByRole("heading", { name: "Charte introuvable" }).waitFor();
    expect(await page.locator("main").innerText()).to.include("n'existe pas ou n'est pas publiée");
    await page.screenshot({ path: "/tmp/charte-public-withdrawn.png" });
  });
});
