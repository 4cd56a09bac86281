import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { openCampaign, signedCharter } from "../helpers/followupFixtures.js";

/*
 * Issue 11's « Suivi » tab in the browser: on a signed charter with a
 * campaign open, the Département's editor sees « Mes engagements », declares
 * one as blocked (the reason asked for), with a PDF attached, and the
 * declaration is stored with its evidence. Axe checks the tab.
 */
describe("declaring a commitment in the browser", function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let campaignId: string;
  const contexts: BrowserContext[] = [];

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ charterId } = await signedCharter(server, await demoCharterId(server)));
    campaignId = await openCampaign(server, charterId, "Bilan 2027");
  });
  after(async function () {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function expectAccessible(page: Page, what: string) {
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = results.violations.filter((v) => v.impact == "serious" || v.impact == "critical");
    expect(blocking.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), what).to.deep.equal([]);
  }

  it("lists the organisation's commitments and takes a declaration with a reason and an evidence file", async function () {
    const page = await openCharterAs(browser, server, charterId, "redacteur@example.org", contexts);
    await page.getByRole("tab", { name: "Suivi" }).click();
    await page.getByRole("heading", { name: "Mes engagements" }).waitFor();
    await page.getByText("Campagne Bilan 2027").waitFor();
    const { db } = server.services;
    const editor = await db("users").where({ email: "redacteur@example.org" }).first();
    const mine = await db("tracked_commitments").where({ charter_id: charterId, organisation_id: editor.organisation_id }).orderBy("position");
    expect(await page.locator(".followup-item").count()).to.equal(mine.length);
    await expectAccessible(page, "« Suivi » tab");

    const rankInArticle = (await db("tracked_commitments").where({ charter_id: charterId, article_number: mine[0].article_number }).orderBy("position")).findIndex((c) => c.commitment_id == mine[0].commitment_id) + 1;
    const form = page.getByRole("form", { name: `Déclaration : Article ${mine[0].article_number}, engagement ${rankInArticle}`, exact: true });
    await form.getByLabel("Statut").selectOption("bloque");
    await form.getByLabel("Ce qui a été fait").fill("Le protocole est rédigé, sa validation attend l'avis du délégué à la protection des données.");
    await form.getByRole("button", { name: "Enregistrer la déclaration" }).click();
    // The reason is required for a blocked commitment: the server says so, the focus goes to the field.
    await form.getByText("Indiquez ce qui bloque la réalisation de l'engagement.").first().waitFor();
    await form.getByLabel("Motif ou justification").fill("Avis du DPO attendu.");
    await form.getByLabel("Pièce justificative").setInputFiles({ name: "protocole.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await page.screenshot({ path: "/tmp/followup-form.png", fullPage: false });
    await form.getByRole("button", { name: "Enregistrer la déclaration" }).click();
    await form.getByRole("status").getByText("Déclaration enregistrée.").waitFor();
    await page.locator(".followup-item").first().getByText("Bloqué (révision 1)").waitFor();
    const declaration = await db("declarations").where({ campaign_id: campaignId, commitment_id: mine[0].commitment_id }).first();
    expect(declaration).to.include({ status: "bloque", reason: "Avis du DPO attendu.", revision: 1 });
    const evidence = JSON.parse(declaration.evidence_ids);
    expect(evidence).to.have.length(1);
    expect((await db("campaign_evidence").where({ id: evidence[0] }).first()).filename).to.equal("protocole.pdf");
    await page.locator(".followup-item").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/followup-saved.png", fullPage: false });
    await expectAccessible(page, "« Suivi » tab after declaring");
  });
});
