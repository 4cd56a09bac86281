import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { type Browser, type BrowserContext } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { signedCharter } from "../helpers/followupFixtures.js";
import { reportCampaign, type ReportCampaign } from "../helpers/reportFixtures.js";
import { flat, pdfText } from "../helpers/exports.js";

/*
 * The yearly evaluation report from the « Suivi » tab: once the pilot has
 * closed the campaign, a reader downloads the report's PDF and workbook; the
 * PDF, read back with pdftotext, names the organisations and the statuses
 * and says « Arrêté le … ». Axe checks the tab with the downloads.
 */
describe("downloading the yearly evaluation report in the browser", function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let campaign: ReportCampaign;
  const contexts: BrowserContext[] = [];

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ charterId } = await signedCharter(server, await demoCharterId(server)));
    campaign = await reportCampaign(server, charterId);
    const pilot = await server.login("pilote@example.org");
    for (const state of ["in_review", "closed"]) {
      const res = await server.api("POST", `/api/charters/${charterId}/campaigns/${campaign.campaignId}/state`, { token: pilot, body: { state } });
      expect(res.status).to.equal(200);
    }
  });
  after(async function () {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("downloads the closed campaign's report as PDF and Excel from the « Suivi » tab", async function () {
    const page = await openCharterAs(browser, server, charterId, "lecteur@example.org", contexts);
    await page.getByRole("tab", { name: "Suivi" }).click();
    const downloads = page.locator(".report-downloads");
    await downloads.getByText(`Rapport d'évaluation « ${campaign.label} » :`).waitFor();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.filter((v) => v.impact == "serious" || v.impact == "critical").map((v) => v.id)).to.deep.equal([]);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/report-downloads.png`, fullPage: false });

    const [pdf] = await Promise.all([page.waitForEvent("download"), downloads.getByRole("button", { name: `PDF : rapport d'évaluation ${campaign.label}` }).click()]);
    expect(pdf.suggestedFilename()).to.equal(`Rapport d'évaluation — ${campaign.label}.pdf`);
    const text = flat(await pdfText(readFileSync((await pdf.path())!)));
    expect(text).to.match(/Arrêté le \d/);
    for (const o of campaign.organisations) expect(text.replace(/- /g, "-"), o.name).to.include(o.name);
    for (const status of ["Réalisé", "En cours", "Bloqué", "Sans objet", "Non renseigné"]) expect(text).to.include(status);
    await page.getByRole("status").filter({ hasText: `Téléchargement de « Rapport d'évaluation — ${campaign.label}.pdf » lancé.` }).waitFor({ state: "attached" });

    const [xlsx] = await Promise.all([page.waitForEvent("download"), downloads.getByRole("button", { name: `Excel : rapport d'évaluation ${campaign.label}` }).click()]);
    expect(xlsx.suggestedFilename()).to.equal(`Rapport d'évaluation — ${campaign.label}.xlsx`);
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString("latin1")).to.equal("PK");
  });
});
