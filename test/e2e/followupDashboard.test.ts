import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { signedCharter } from "../helpers/followupFixtures.js";
import { parisDay } from "../../server/shared/frenchDates.js";

/*
 * The « Tableau de bord » of the « Suivi » tab in the browser: a signed
 * charter with a closed campaign and an open one, declarations and indicator
 * values entered through the API; a reader sees the headline share, the
 * counts, the overdue commitments, and an indicator's chart with its data
 * table and progress category; the breakdown changes from the keyboard; axe
 * finds no serious or critical violation.
 */

/** The day `n` days from today (UTC), as YYYY-MM-DD. */
const day = (n: number) => parisDay(new Date(Date.now() + n * 86400000));
/** Text as the page shows it, French spaces (narrow and no-break) made plain. */
const plain = (text: string | null) => (text ?? "").replace(/[\u202f\u00a0]/g, " ").replace(/\s+/g, " ").trim();

describe("follow-up dashboard in the browser", function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let departementName: string;
  const contexts: BrowserContext[] = [];

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ charterId } = await signedCharter(server, await demoCharterId(server)));
    const { db } = server.services;
    const token = (email: string) => server.login(email);
    const [pilot, editor, signatory, committee] = await Promise.all(["pilote@example.org", "redacteur@example.org", "signataire@example.org", "comite@example.org"].map(token));
    const call = async (who: string, method: string, path: string, body: unknown) => {
      const res = await server.api(method, `/api/charters/${charterId}${path}`, { token: who, body });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const editorUser = await db("users").where({ email: "redacteur@example.org" }).first();
    departementName = (await db("organisations").where({ id: editorUser.organisation_id }).first()).name;
    const signatoryUser = await db("users").where({ email: "signataire@example.org" }).first();
    const commitments = (await server.api("GET", `/api/charters/${charterId}/commitments`, { token: pilot })).body.commitments as { id: string; organisation: { id: string } | null }[];
    const D = commitments.filter((c) => c.organisation?.id == editorUser.organisation_id).map((c) => c.id);
    const P = commitments.filter((c) => c.organisation?.id == signatoryUser.organisation_id).map((c) => c.id);
    // The signed text's due dates are all ahead: three are moved back, as if the charter had been signed years ago.
    for (const [id, due] of [[D[0], day(-500)], [D[1], day(-200)], [D[2], day(-20)]]) await db("tracked_commitments").where({ charter_id: charterId, commitment_id: id }).update({ due });

    const previous = (await call(pilot, "POST", "/campaigns", { label: "Bilan précédent", start: day(-730), end: day(-400), deadline: day(-390), committeeDate: day(-380) })).campaign.id;
    const declared = await call(editor, "POST", `/campaigns/${previous}/declarations`, { commitmentId: D[0], status: "en_cours", narrative: "Groupe de travail réuni." });
    await call(pilot, "POST", `/campaigns/${previous}/state`, { state: "in_review" });
    await call(committee, "POST", `/campaigns/${previous}/appraisals`, { declarationId: declared.declaration.id, appraisal: "limite", comment: "Premiers pas." });
    await call(pilot, "POST", `/campaigns/${previous}/state`, { state: "closed" });

    const current = (await call(pilot, "POST", "/campaigns", { label: "Bilan en cours", start: day(-365), end: day(30), deadline: day(40), committeeDate: day(50) })).campaign.id;
    await call(editor, "POST", `/campaigns/${current}/declarations`, { commitmentId: D[0], status: "realise", narrative: "Protocole signé." });
    await call(editor, "POST", `/campaigns/${current}/declarations`, { commitmentId: D[1], status: "en_cours", narrative: "En cours de rédaction." });
    await call(signatory, "POST", `/campaigns/${current}/declarations`, { commitmentId: P[0], status: "realise", narrative: "Fait." });

    const indicators = (await call(pilot, "GET", "/indicators", undefined)).indicators as { id: string; code: string }[];
    const dsf = indicators.find((i) => i.code == "DSF_COUVERTURE")!.id;
    await call(pilot, "PATCH", `/indicators/${dsf}`, { baseline: { value: 60, year: 2024 }, target: { value: 80, year: 2030 } });
    await call(committee, "POST", `/indicators/${dsf}/values`, { period: "2025", value: 70, final: true });
    await call(committee, "POST", `/indicators/${dsf}/values`, { period: "2026", value: 74, final: false });
    // No target: judged on its observed rate alone, drawn without a trajectory.
    const demandes = indicators.find((i) => i.code == "CFP_DEMANDES")!.id;
    await call(pilot, "PATCH", `/indicators/${demandes}`, { baseline: { value: 1000, year: 2024 }, target: null });
    await call(committee, "POST", `/indicators/${demandes}/values`, { period: "2025", value: 995, final: true });
    await call(committee, "POST", `/indicators/${demandes}/values`, { period: "2026", value: 980, final: true });
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

  it("shows the share, the counts, the overdue commitments and an indicator's chart, table and category", async function () {
    const page = await openCharterAs(browser, server, charterId, "lecteur@example.org", contexts);
    await page.getByRole("tab", { name: "Suivi" }).click();
    await page.getByRole("tab", { name: "Tableau de bord" }).click();
    const dashboard = page.locator(".dashboard");
    await dashboard.getByRole("heading", { name: "Tableau de bord" }).waitFor();
    expect(await page.getByLabel("Campagne", { exact: true }).inputValue()).to.not.equal("");
    expect(plain(await page.locator("#dashboard-campaign option:checked").textContent())).to.equal("Bilan en cours (ouverte aux déclarations)");

    // D0 realised, D1 in progress, D2 fallen due with nothing declared (apart).
    const headline = page.getByRole("region", { name: "Réalisés / échus, hors sans objet" });
    expect(plain(await headline.locator(".dashboard-share strong").textContent())).to.equal("50 %");
    expect(plain(await headline.locator(".dashboard-share span").textContent())).to.equal("1 réalisé sur 2 engagements échus et déclarés");
    expect(plain(await headline.locator(".dashboard-apart").textContent())).to.include("dont non renseignés, hors du calcul : 1");

    const byStatus = page.getByRole("table", { name: "Par statut déclaré" });
    expect(plain(await byStatus.getByRole("row", { name: /^Réalisé / }).textContent())).to.match(/^Réalisé2\d+ %$/);
    const breakdown = page.getByRole("table", { name: "Engagements par organisation, par statut déclaré" });
    const departement = breakdown.getByRole("row").filter({ has: page.getByRole("rowheader", { name: departementName, exact: true }) });
    const headers = (await breakdown.locator("thead th").allTextContents()).map(plain);
    const cells = (await departement.locator("td").allTextContents()).map(plain);
    expect(cells[headers.indexOf("Réalisé") - 1]).to.equal("1");
    expect(cells[headers.indexOf("En cours") - 1]).to.equal("1");
    expect(cells[headers.indexOf("dont en retard") - 1]).to.equal("2");

    await page.getByRole("heading", { name: "Engagements en retard (2)" }).waitFor();
    const overdueRows = page.locator("section[aria-labelledby='dashboard-overdue-title'] tbody tr");
    expect((await overdueRows.allTextContents()).map(plain).map((t) => t.includes("Non renseigné") || t.includes("En cours"))).to.deep.equal([true, true]);

    const card = page.getByRole("article", { name: "Part des assignations donnant lieu à un diagnostic social et financier transmis au juge" });
    const chart = card.getByRole("img", { name: /^Graphique : Part des assignations/ });
    await chart.waitFor();
    expect(await chart.locator("circle.chart-point-final").count()).to.equal(1);
    expect(await chart.locator("circle.chart-point-provisional").count()).to.equal(1);
    expect(await chart.locator("polyline.chart-trajectory").count()).to.equal(1);
    expect(plain(await chart.locator("desc").textContent())).to.include("70 % en 2025 (définitive), 74 % en 2026 (provisoire)");
    const table = card.getByRole("table", { name: /^Données : Part des assignations/ });
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? "")));
    expect(rows.map((r) => r.map(plain))).to.deep.equal([
      // The trajectory rises at the same rate each year (60 × (80 / 60)^(k/6)), the path the category measures against.
      ["2024 (référence)", "—", "60 %"], ["2025", "70 % (définitive)", "62,9 %"], ["2026", "74 % (provisoire)", "66 %"],
      ["2027", "—", "69,3 %"], ["2028", "—", "72,7 %"], ["2029", "—", "76,3 %"], ["2030 (cible)", "—", "80 %"],
    ]);
    expect(plain(await card.locator(".indicator-category").textContent())).to.equal("Progrès : En bonne voie");
    const trend = page.getByRole("article", { name: "Nombre de demandes de concours de la force publique" });
    expect(plain(await trend.locator(".indicator-category").textContent())).to.equal("Progrès : Progrès à accélérer");
    expect(await trend.locator("polyline.chart-trajectory").count()).to.equal(0);
    expect(plain(await trend.getByRole("img").locator("desc").textContent())).to.include("Pas de trajectoire : référence 1 000 en 2024, pas de cible.");
    expect(await trend.getByRole("img").locator("rect.chart-baseline").count()).to.equal(1);
    const trendRows = await trend.getByRole("table").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? "")));
    expect(trendRows.map((r) => r.map(plain))).to.deep.equal([["2024 (référence)", "—", "1 000"], ["2025", "995 (définitive)", "—"], ["2026", "980 (définitive)", "—"]]);
    // An indicator with nothing to draw gets no card of its own: it is listed in a table after the cards.
    expect(await page.getByRole("article", { name: "Nombre de commandements de quitter les lieux" }).count()).to.equal(0);
    const emptyList = page.getByRole("region", { name: /^Sans valeur, référence ni cible \(\d+\)$/ });
    const emptyRow = emptyList.getByRole("row", { name: /Nombre de commandements de quitter les lieux/ });
    expect(await emptyRow.count()).to.equal(1);
    expect(await page.locator(".indicator-nochart").count(), "no empty card left").to.equal(0);
    await expectAccessible(page, "« Tableau de bord »");

    await headline.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: "/tmp/dashboard-top.png" });
    await page.locator("section[aria-labelledby='dashboard-breakdown-title']").screenshot({ path: "/tmp/dashboard-breakdown.png" });
    await page.locator("section[aria-labelledby='dashboard-overdue-title']").screenshot({ path: "/tmp/dashboard-overdue.png" });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: "/tmp/dashboard-indicator.png" });
    await trend.screenshot({ path: "/tmp/dashboard-trend.png" });
    await emptyList.screenshot({ path: "/tmp/dashboard-empty.png" });
  });

  it("fits a phone 375 pixels wide: no sideways page scroll, wide tables scroll in their own labelled, focusable region", async function () {
    const page = await openCharterAs(browser, server, charterId, "pilote@example.org", contexts);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("tab", { name: "Suivi" }).click();
    await page.getByRole("tab", { name: "Tableau de bord" }).click();
    await page.getByRole("table", { name: "Par statut déclaré", exact: true }).waitFor();
    await page.getByRole("article", { name: "Nombre de demandes de concours de la force publique" }).getByRole("img").waitFor();
    // What sticks out of the viewport, to say which part is too wide when the page is.
    const wide = await page.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !el.closest(".table-wrap") && el.getClientRects().length > 0)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${Math.round(el.getBoundingClientRect().right)}`).slice(0, 12));
    expect(wide, "parts wider than the screen").to.deep.equal([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(375);

    // The counts fit the screen whole, their bar column included.
    for (const name of ["Par statut déclaré", "Par appréciation du comité"]) {
      const table = page.getByRole("table", { name, exact: true });
      const box = (await table.boundingBox())!;
      expect(box.x + box.width, name).to.be.at.most(375);
      const bar = (await table.locator(".count-bar").last().boundingBox())!;
      expect(bar.x + bar.width, `${name}: its last bar`).to.be.at.most(375);
    }

    // Every table wider than its box scrolls inside a region that has a name and takes the focus (WCAG 2.1.1, 4.1.2).
    const scrolling = page.locator(".dashboard .table-wrap").filter({ has: page.locator("table") });
    const regions = await scrolling.evaluateAll((wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth).map((w) => ({ role: w.getAttribute("role"), label: w.getAttribute("aria-label") ?? w.getAttribute("aria-labelledby"), tabIndex: (w as HTMLElement).tabIndex })));
    expect(regions.length, "the breakdown table, with a column per status, is wider than a phone").to.be.above(0);
    for (const region of regions) expect(region).to.include({ role: "region", tabIndex: 0 }).and.to.have.property("label").that.is.a("string").and.not.empty;
    const breakdown = page.getByRole("region", { name: /^Engagements par organisation, par statut déclaré/ });
    await breakdown.focus();
    expect(await breakdown.evaluate((el) => getComputedStyle(el).outlineStyle)).to.not.equal("none");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => (document.activeElement?.scrollLeft ?? 0) > 0, undefined, { timeout: 5000 }).catch(() => {});
    expect(await breakdown.evaluate((el) => el.scrollLeft)).to.be.above(0);
    await page.locator("#dashboard-counts-title").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/dashboard-phone-counts.png" });
    await breakdown.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/dashboard-phone-breakdown.png" });
    await expectAccessible(page, "« Tableau de bord » on a phone");
  });

  it("changes the breakdown from the keyboard, with the focus visible, and shows a closed campaign chosen", async function () {
    const page = await openCharterAs(browser, server, charterId, "lecteur@example.org", contexts);
    await page.getByRole("tab", { name: "Suivi" }).click();
    await page.getByRole("tab", { name: "Tableau de bord" }).click();
    const byOrganisation = page.getByRole("radio", { name: "Par organisation" });
    // From the campaign selector, one Tab reaches the checked radio of « Répartir ».
    await page.getByLabel("Campagne", { exact: true }).focus();
    await page.keyboard.press("Tab");
    expect(await byOrganisation.evaluate((el) => el == document.activeElement)).to.equal(true);
    expect(await byOrganisation.evaluate((el) => getComputedStyle(el).outlineStyle)).to.not.equal("none");
    await page.keyboard.press("ArrowRight");
    expect(await page.getByRole("radio", { name: "Par étape de la procédure" }).isChecked()).to.equal(true);
    await page.getByRole("table", { name: "Engagements par étape de la procédure, par statut déclaré" }).waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowRight");
    await page.getByRole("table", { name: "Engagements par étape de la procédure, par appréciation" }).waitFor();
    await page.locator(".dashboard-choices").screenshot({ path: "/tmp/dashboard-keyboard.png" });

    await page.getByLabel("Campagne", { exact: true }).selectOption({ label: "Bilan précédent (close)" });
    const headline = page.getByRole("region", { name: "Réalisés / échus, hors sans objet" });
    await headline.getByText("0 réalisé sur 1 engagement échu et déclaré").waitFor();
    expect(plain(await headline.locator(".dashboard-share strong").textContent())).to.equal("0 %");
    const byAppraisal = page.getByRole("table", { name: "Par appréciation du comité" });
    expect(plain(await byAppraisal.getByRole("row", { name: /^Limité / }).locator("td").first().textContent())).to.equal("1");
    await expectAccessible(page, "« Tableau de bord » of a closed campaign");
  });
});
