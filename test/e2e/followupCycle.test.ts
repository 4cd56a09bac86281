import { expect } from "chai";
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { signedCharter } from "../helpers/followupFixtures.js";
import { pdftotext } from "../helpers/pdfTools.js";

/*
 * Issue 11's yearly cycle in the browser, each step by the role that does it
 * in real life: the pilot opens the campaign; the Département's editor
 * declares with an uploaded evidence file; the pilot moves the campaign to
 * review; the committee downloads the evidence, appraises and asks for more;
 * the editor reads the comment and answers once; the committee validates the
 * answer and records indicator values (typed in, and a CSV file refused
 * with its per-line errors, then one accepted); the pilot closes the
 * campaign through the confirmation dialog. The steps run in order and share
 * the charter. Axe checks the declaration, review and indicator screens.
 */
describe("the follow-up cycle in the browser: declare, review, answer, close", function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let campaignId: string;
  let commitmentId: string;
  let commitmentName: string;
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();
  const evidencePdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ charterId } = await signedCharter(server, await demoCharterId(server)));
    const { db } = server.services;
    const editor = await db("users").where({ email: "redacteur@example.org" }).first();
    const first = await db("tracked_commitments").where({ charter_id: charterId, organisation_id: editor.organisation_id }).orderBy("position").first();
    commitmentId = first.commitment_id;
    const sameArticle = await db("tracked_commitments").where({ charter_id: charterId, article_number: first.article_number }).orderBy("position");
    commitmentName = `Article ${first.article_number}, engagement ${sameArticle.findIndex((c) => c.commitment_id == commitmentId) + 1}`;
  });
  after(async function () {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** The « Suivi » tab of the charter as `email`, signed in once; reloaded to see what others did since. */
  async function followupAs(email: string, view: string, reload = true): Promise<Page> {
    let page = pages.get(email);
    if (page && !reload) {
      await page.getByRole("tablist", { name: "Vues du suivi" }).getByRole("tab", { name: view }).click();
      return page;
    }
    if (!page) {
      page = await openCharterAs(browser, server, charterId, email, contexts);
      pages.set(email, page);
    } else {
      await page.reload();
      await page.locator(".ProseMirror:visible").first().waitFor();
    }
    await page.getByRole("tab", { name: "Suivi" }).click();
    await page.getByRole("heading", { name: "Suivi des engagements" }).waitFor();
    await page.getByRole("tablist", { name: "Vues du suivi" }).getByRole("tab", { name: view }).click();
    return page;
  }

  async function expectAccessible(page: Page, what: string) {
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = results.violations.filter((v) => v.impact == "serious" || v.impact == "critical");
    expect(blocking.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), what).to.deep.equal([]);
  }

  const campaignRow = (page: Page) => page.locator(".campaigns-table tbody tr").filter({ hasText: "Bilan 2027" });
  const reviewItem = (page: Page): Locator => page.locator(".review-item").filter({ has: page.getByRole("heading", { name: new RegExp(`^${commitmentName} —`) }) });

  it("lets the pilot open a campaign, with the server's error beside the date it is about", async function () {
    const page = await followupAs("pilote@example.org", "Campagnes");
    const form = page.getByRole("form", { name: "Ouvrir une campagne" });
    await form.getByLabel("Nom de la campagne").fill("Bilan 2027");
    await form.getByLabel("Début de la période").fill("2027-01-01");
    await form.getByLabel("Fin de la période").fill("2027-12-31");
    await form.getByLabel("Date limite des déclarations").fill("2028-01-31");
    await form.getByLabel("Date du comité").fill("2028-01-15");
    await form.getByRole("button", { name: "Ouvrir la campagne" }).click();
    const committee = form.getByLabel("Date du comité");
    await form.getByText("Le comité ne peut se réunir avant la date limite des déclarations.").waitFor();
    expect(await committee.getAttribute("aria-invalid")).to.equal("true");
    expect(await committee.evaluate((el) => el == document.activeElement)).to.equal(true);
    await page.screenshot({ path: "/tmp/cycle-1-campaign-error.png", fullPage: true });
    expect(await server.services.db("campaigns").where({ charter_id: charterId }).count({ n: "*" }).first()).to.satisfy((r: { n: number | string }) => Number(r.n) == 0);

    await committee.fill("2028-02-15");
    await form.getByRole("button", { name: "Ouvrir la campagne" }).click();
    await page.getByText("La campagne est ouverte : les organisations peuvent déclarer.").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("campaigns-title");
    await campaignRow(page).getByText("Ouverte aux déclarations").waitFor();
    const campaign = await server.services.db("campaigns").where({ charter_id: charterId }).first();
    expect(campaign).to.include({ label: "Bilan 2027", start_date: "2027-01-01", end_date: "2027-12-31", deadline: "2028-01-31", committee_date: "2028-02-15", state: "open" });
    campaignId = campaign.id;
    // One campaign at a time: the form gives way to a note while this one runs.
    expect(await page.getByRole("form", { name: "Ouvrir une campagne" }).count()).to.equal(0);
    await page.screenshot({ path: "/tmp/cycle-2-campaigns-open.png", fullPage: true });
  });

  it("takes the partner's declaration with an uploaded evidence file", async function () {
    const page = await followupAs("redacteur@example.org", "Mes engagements");
    const form = page.getByRole("form", { name: `Déclaration : ${commitmentName}`, exact: true });
    await form.getByLabel("Statut").selectOption("en_cours");
    await form.getByLabel("Ce qui a été fait").fill("Le protocole FSL est rédigé et présenté aux bailleurs ; sa signature est prévue en mars.");
    await form.getByLabel("Pièce justificative").setInputFiles({ name: "protocole-fsl.pdf", mimeType: "application/pdf", buffer: evidencePdf });
    // A link that is not https is refused beside its field; nothing is declared meanwhile.
    await form.getByLabel("Lien vers une pièce").fill("http://www.maine-et-loire.fr/fsl");
    await form.getByRole("button", { name: "Enregistrer la déclaration" }).click();
    await form.getByText("Seuls les liens https://, sans identifiant ni mot de passe, sont acceptés.").waitFor();
    expect(await server.services.db("declarations").where({ campaign_id: campaignId }).count({ n: "*" }).first()).to.satisfy((r: { n: number | string }) => Number(r.n) == 0);
    await form.getByLabel("Lien vers une pièce").fill("https://www.maine-et-loire.fr/fsl/reglement");
    await form.getByRole("button", { name: "Enregistrer la déclaration" }).click();
    await form.getByRole("status").getByText("Déclaration enregistrée.").waitFor();
    await page.locator(".followup-item").filter({ has: form }).getByText("En cours (révision 1)").waitFor();
    const declaration = await server.services.db("declarations").where({ campaign_id: campaignId, commitment_id: commitmentId }).first();
    expect(declaration).to.include({ status: "en_cours", revision: 1 });
    const evidence = await server.services.db("campaign_evidence").whereIn("id", JSON.parse(declaration.evidence_ids)).orderBy("created_at").select("kind", "filename", "url");
    expect(evidence.map((e) => e.filename ?? e.url)).to.have.members(["protocole-fsl.pdf", "https://www.maine-et-loire.fr/fsl/reglement"]);
    await page.screenshot({ path: "/tmp/cycle-3-declared.png", fullPage: false });
    await expectAccessible(page, "declaration screen");
  });

  it("moves the campaign to review through the confirmation dialog", async function () {
    const page = await followupAs("pilote@example.org", "Campagnes");
    await campaignRow(page).getByRole("button", { name: /Passer en revue/ }).click();
    const dialog = page.getByRole("dialog", { name: "Passer la campagne en revue « Bilan 2027 »" });
    await dialog.waitFor();
    // « Annuler » has the focus first: Enter alone does not move the campaign on.
    expect(await dialog.getByRole("button", { name: "Annuler" }).evaluate((el) => el == document.activeElement)).to.equal(true);
    // Declarations are cut short before their deadline: the dialog says so.
    await dialog.getByText("La date limite des déclarations (31 janvier 2028) n'est pas passée", { exact: false }).waitFor();
    await page.screenshot({ path: "/tmp/cycle-4-review-dialog.png", fullPage: false });
    await dialog.getByRole("button", { name: "Passer en revue" }).click();
    await page.getByText("La campagne « Bilan 2027 » est en revue.").waitFor();
    await campaignRow(page).getByText("En revue").waitFor();
    expect((await server.services.db("campaigns").where({ id: campaignId }).first()).state).to.equal("in_review");
    await expectAccessible(page, "campaigns screen");
  });

  it("lets the committee download the evidence and send the declaration back with a comment", async function () {
    const page = await followupAs("comite@example.org", "Revue");
    const item = reviewItem(page);
    await item.getByText("Le protocole FSL est rédigé").waitFor();
    await item.getByText("En cours", { exact: true }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), item.getByRole("button", { name: /Télécharger « protocole-fsl\.pdf »/ }).click()]);
    expect(download.suggestedFilename()).to.equal("protocole-fsl.pdf");
    expect(await readFile((await download.path())!)).to.deep.equal(evidencePdf);
    expect(await item.getByRole("link", { name: /https:\/\/www\.maine-et-loire\.fr\/fsl\/reglement/ }).getAttribute("href")).to.equal("https://www.maine-et-loire.fr/fsl/reglement");
    await expectAccessible(page, "review screen");

    const form = item.getByRole("form", { name: `Appréciation : ${commitmentName}` });
    await form.getByRole("button", { name: "Enregistrer l'appréciation" }).click();
    await form.getByText("Choisissez une appréciation.").waitFor();
    await form.getByLabel("Limité").check();
    await form.getByLabel("Commentaire").fill("Joignez le protocole signé ou le calendrier de signature arrêté avec les bailleurs.");
    await form.getByLabel("À compléter").check();
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/cycle-5-review-form.png", fullPage: false });
    await form.getByRole("button", { name: "Enregistrer l'appréciation" }).click();
    await form.getByRole("status").getByText("Appréciation enregistrée.").waitFor();
    await item.getByText("Limité — À compléter").waitFor();
    const appraisal = await server.services.db("appraisals").where({ campaign_id: campaignId, commitment_id: commitmentId }).first();
    expect(appraisal).to.include({ appraisal: "limite", outcome: "a_completer" });
  });

  it("shows the partner the committee's comment, live, and takes its one answer", async function () {
    // The partner's page stayed open since declaring: the server's announcement brings the comment in.
    const page = await followupAs("redacteur@example.org", "Mes engagements", false);
    const item = page.locator(".followup-item").filter({ has: page.getByRole("heading", { name: new RegExp(`^${commitmentName} —`) }) });
    await item.getByText("Le comité demande de compléter cette déclaration").waitFor();
    await item.getByText("Joignez le protocole signé ou le calendrier de signature arrêté avec les bailleurs.").waitFor();
    // Only the sent-back commitment can be declared while in review.
    expect(await page.getByRole("form", { name: /^Déclaration : / }).count()).to.equal(1);
    const form = item.getByRole("form", { name: `Déclaration : ${commitmentName}`, exact: true });
    await form.getByLabel("Statut").selectOption("realise");
    await form.getByLabel("Ce qui a été fait").fill("Le protocole FSL a été signé le 12 janvier 2028 par les trois bailleurs.");
    await form.getByLabel("Pièce justificative").setInputFiles({ name: "protocole-signe.pdf", mimeType: "application/pdf", buffer: evidencePdf });
    await page.screenshot({ path: "/tmp/cycle-6-answer.png", fullPage: false });
    await form.getByRole("button", { name: "Envoyer la réponse au comité" }).click();
    await item.getByText("Votre organisation a répondu (révision 2)").waitFor();
    expect(await page.getByRole("form", { name: /^Déclaration : / }).count()).to.equal(0);
    // The form is gone; the evidence declared is listed, to download.
    expect(await item.getByRole("button", { name: /^Télécharger « protocole/ }).count()).to.equal(2);
    await item.getByRole("link", { name: /maine-et-loire\.fr\/fsl\/reglement/ }).waitFor();
    // The focus stays on the commitment answered.
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.match(new RegExp(`^${commitmentName} —`));
    const appraisal = await server.services.db("appraisals").where({ campaign_id: campaignId, commitment_id: commitmentId }).first();
    const answer = await server.services.db("declarations").where({ campaign_id: campaignId, commitment_id: commitmentId, revision: 2 }).first();
    expect(answer).to.include({ status: "realise", answers_appraisal_id: appraisal.id });
    expect(JSON.parse(answer.evidence_ids)).to.have.length(3);
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/cycle-6b-answered.png", fullPage: false });
    await expectAccessible(page, "declaration screen, answered");
  });

  it("lets the committee appraise the answer", async function () {
    const page = await followupAs("comite@example.org", "Revue");
    await page.getByLabel("Afficher").selectOption("to_appraise");
    const item = reviewItem(page);
    await item.getByText("Réponse de l'organisation").waitFor();
    await page.getByRole("heading", { name: /^Revue des déclarations/ }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/cycle-5b-review-answer.png", fullPage: false });
    await item.getByText("Le protocole FSL a été signé le 12 janvier 2028").waitFor();
    expect(await item.getByRole("button", { name: /Télécharger/ }).count()).to.equal(2);
    const form = item.getByRole("form", { name: `Appréciation : ${commitmentName}` });
    await form.getByLabel("Complet").check();
    await form.getByLabel("Validé").check();
    await form.getByRole("button", { name: "Enregistrer l'appréciation" }).click();
    // Appraised, it leaves the « à apprécier » list; the review says what was saved.
    await item.waitFor({ state: "detached" });
    await page.getByRole("status").filter({ hasText: `Appréciation enregistrée : ${commitmentName}.` }).waitFor({ state: "attached" });
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("review-filter");
    const last = await server.services.db("appraisals").where({ campaign_id: campaignId, commitment_id: commitmentId }).orderBy("created_at", "desc").first();
    expect(last).to.include({ appraisal: "complet", outcome: "valide" });
  });

  it("records indicator values typed in, and shows a refused CSV file's errors line by line", async function () {
    const page = await followupAs("comite@example.org", "Indicateurs");
    const { db } = server.services;
    const indicators = await db("indicators").where({ charter_id: charterId }).orderBy("position");
    const [first, second] = indicators;
    const typed = page.getByRole("form", { name: "Saisir une valeur" });
    await typed.getByLabel("Indicateur").selectOption(first.id);
    await typed.getByLabel("Période").fill("2027");
    await typed.getByLabel("Valeur", { exact: true }).fill("abc");
    await typed.getByRole("button", { name: "Enregistrer la valeur" }).click();
    await typed.getByText("« abc » n'est pas un nombre.").waitFor();
    await typed.getByLabel("Valeur", { exact: true }).fill("1 234,5");
    await typed.getByLabel("Période").fill("2027-T5");
    await typed.getByRole("button", { name: "Enregistrer la valeur" }).click();
    await typed.getByText(/^Période invalide/).waitFor();
    await typed.getByLabel("Période").fill("2027");
    await typed.getByLabel("Valeur définitive").check();
    await typed.getByRole("button", { name: "Enregistrer la valeur" }).click();
    await typed.getByText(`Valeur définitive enregistrée : ${first.code} pour 2027.`).waitFor();
    const row = page.locator(".indicators-table tbody tr").filter({ hasText: first.code });
    await row.getByText("(définitive)").waitFor();
    const typedValues = await db("indicator_values").where({ indicator_id: first.id }).select("period", "value", "final");
    expect(typedValues.map((v) => [v.period, Number(v.value), !!v.final])).to.deep.equal([["2027", 1234.5, true]]);

    const imported = page.getByRole("form", { name: "Importer des valeurs (CSV)" });
    const bad = `indicateur;période;valeur\n${second.code};2026;410\nINCONNU;2026;12\n${second.code};2026-T9;abc\n`;
    await imported.getByLabel("Fichier CSV").setInputFiles({ name: "valeurs.csv", mimeType: "text/csv", buffer: Buffer.from(bad, "utf8") });
    await imported.getByRole("button", { name: "Importer le fichier" }).click();
    const problems = page.getByRole("table", { name: /Erreurs à corriger dans le fichier/ });
    await problems.waitFor();
    const cells = await problems.locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].slice(0, 2).map((td) => td.textContent)));
    expect(cells).to.deep.equal([["3", "indicateur"], ["4", "période"], ["4", "valeur"]]);
    await imported.getByText("Le fichier n'a pas été importé : 3 erreurs à corriger.").waitFor();
    expect(await db("indicator_values").where({ indicator_id: second.id }).count({ n: "*" }).first()).to.satisfy((r: { n: number | string }) => Number(r.n) == 0);
    await page.getByRole("heading", { name: "Indicateurs", exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/cycle-7-import-errors.png", fullPage: false });
    await expectAccessible(page, "indicator screen with the import's errors");

    await imported.getByLabel("Fichier CSV").setInputFiles({ name: "valeurs.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFFindicateur;période;valeur;définitive\n${second.code};2026;410;oui\n${second.code};2027;385,5;non\n`, "utf8") });
    await imported.getByRole("button", { name: "Importer le fichier" }).click();
    await imported.getByText("2 valeurs importées depuis « valeurs.csv ».").waitFor();
    expect(await problems.count()).to.equal(0);
    await page.locator(".indicators-table tbody tr").filter({ hasText: second.code }).getByText("(provisoire)").waitFor();
    await page.locator(".indicators-table tbody tr").filter({ hasText: second.code }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/cycle-7b-indicator-values.png", fullPage: false });
    const values = await db("indicator_values").where({ indicator_id: second.id }).orderBy("period").select("period", "value");
    expect(values.map((v) => [v.period, Number(v.value)])).to.deep.equal([["2026", 410], ["2027", 385.5]]);
  });

  it("lets the pilot set an indicator's direction, baseline and target in a dialog", async function () {
    const page = await followupAs("pilote@example.org", "Indicateurs");
    const { db } = server.services;
    const [, second] = await db("indicators").where({ charter_id: charterId }).orderBy("position");
    // Only the pilots change definitions; the committee records values.
    expect(await pages.get("comite@example.org")!.getByRole("button", { name: /^Modifier l'indicateur/ }).count()).to.equal(0);
    await page.getByRole("button", { name: `Modifier l'indicateur ${second.code}`, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Modifier l'indicateur ${second.code}` });
    await dialog.getByLabel("Sens souhaité").selectOption("down");
    const baseline = dialog.getByRole("group", { name: /^Référence/ });
    await baseline.getByLabel("Valeur").fill("450");
    await dialog.getByRole("button", { name: "Enregistrer l'indicateur" }).click();
    await baseline.getByText("Indiquez l'année de la référence, ou videz aussi sa valeur.").waitFor();
    expect(await baseline.getByLabel("Année").evaluate((el) => el == document.activeElement)).to.equal(true);
    await baseline.getByLabel("Année").fill("2025");
    const target = dialog.getByRole("group", { name: /^Cible/ });
    await target.getByLabel("Valeur").fill("300");
    await target.getByLabel("Année").fill("2030");
    await page.screenshot({ path: "/tmp/cycle-7c-indicator-dialog.png", fullPage: false });
    await expectAccessible(page, "indicator dialog");
    await dialog.getByRole("button", { name: "Enregistrer l'indicateur" }).click();
    await dialog.waitFor({ state: "detached" });
    const row = page.locator(".indicators-table tbody tr").filter({ hasText: second.code });
    await row.getByText("450 (2025)").waitFor();
    await row.getByText("300 (2030)").waitFor();
    const stored = await db("indicators").where({ id: second.id }).first();
    expect([stored.direction, Number(stored.baseline_value), stored.baseline_year, Number(stored.target_value), stored.target_year]).to.deep.equal(["down", 450, 2025, 300, 2030]);
  });

  it("lets the pilot close the campaign through the confirmation dialog, which freezes it", async function () {
    const page = await followupAs("pilote@example.org", "Campagnes");
    await campaignRow(page).getByRole("button", { name: /Clore la campagne/ }).click();
    const dialog = page.getByRole("dialog", { name: "Clore la campagne « Bilan 2027 »" });
    await dialog.waitFor();
    // What the committee has not appraised yet, counted as the database has it, and its meeting still to come.
    const latest = new Map<string, { id: string; answers_appraisal_id: string | null }>();
    for (const d of await server.services.db("declarations").where({ campaign_id: campaignId }).orderBy("revision")) latest.set(d.commitment_id, d);
    const appraisals = await server.services.db("appraisals").where({ campaign_id: campaignId }).orderBy("created_at");
    const lastAppraisal = new Map(appraisals.map((a) => [a.commitment_id, a]));
    const unappraised = [...latest.keys()].filter((id) => !lastAppraisal.has(id)).length;
    const answers = [...latest.entries()].filter(([id, d]) => d.answers_appraisal_id && d.answers_appraisal_id == lastAppraisal.get(id)?.id).length;
    const notes = await dialog.locator(".campaign-move-note").allTextContents();
    if (unappraised) expect(notes.join(" ")).to.contain(`${unappraised} déclaration`);
    if (answers) expect(notes.join(" ")).to.contain(`${answers} réponse`);
    if (!unappraised && !answers) expect(notes).to.include("Toutes les déclarations et réponses ont été appréciées.");
    expect(notes).to.include("Le comité est prévu le 15 février 2028.");
    await page.screenshot({ path: "/tmp/cycle-8-close-dialog.png", fullPage: false });
    // Escape leaves it open.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect((await server.services.db("campaigns").where({ id: campaignId }).first()).state).to.equal("in_review");
    // Then by the keyboard alone: Enter on the row's button, Shift+Tab from « Annuler » to the confirmation, Enter.
    await campaignRow(page).getByRole("button", { name: /Clore la campagne/ }).focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal("Clore la campagne");
    await page.keyboard.press("Enter");
    await page.getByText("La campagne « Bilan 2027 » est close.").waitFor();
    await campaignRow(page).getByText("Close", { exact: true }).waitFor();
    const campaign = await server.services.db("campaigns").where({ id: campaignId }).first();
    expect(campaign.state).to.equal("closed");
    await campaignRow(page).getByText(campaign.snapshot_sha256).waitFor();
    // With no campaign running, the pilot may open the next one.
    await page.getByRole("form", { name: "Ouvrir une campagne" }).waitFor();
    await page.screenshot({ path: "/tmp/cycle-9-closed.png", fullPage: true });
  });

  it("shows the closed campaign's result on the dashboard, with the indicator's chart and category", async function () {
    const page = await followupAs("pilote@example.org", "Tableau de bord");
    await page.getByRole("heading", { name: "Tableau de bord" }).waitFor();
    expect((await page.locator("#dashboard-campaign option:checked").textContent())?.trim()).to.equal("Bilan 2027 (close)");
    const count = async (table: string, row: string) => (await page.getByRole("table", { name: table }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: row, exact: true }) }).locator("td").first().textContent())?.trim();
    // One commitment declared « Réalisé » (the answer) and appraised « Complet »; the 69 others not declared.
    expect(await count("Par statut déclaré", "Réalisé")).to.equal("1");
    expect(await count("Par statut déclaré", "En cours")).to.equal("0");
    expect(await count("Par appréciation du comité", "Complet")).to.equal("1");
    expect(await count("Par appréciation du comité", "Limité")).to.equal("0");
    const departement = await server.services.db("organisations").where({ id: (await server.services.db("users").where({ email: "redacteur@example.org" }).first()).organisation_id }).first();
    const breakdown = page.getByRole("table", { name: "Engagements par organisation, par statut déclaré" });
    const headers = (await breakdown.locator("thead th").allTextContents()).map((t) => t.trim());
    const cells = (await breakdown.getByRole("row").filter({ has: page.getByRole("rowheader", { name: departement.name, exact: true }) }).locator("td").allTextContents()).map((t) => t.trim());
    expect(cells[headers.indexOf("Réalisé") - 1]).to.equal("1");

    // The indicator the committee filled and the pilot defined: values 2026 (final) and 2027 (provisional) against 450 in 2025 → 300 in 2030,
    // that is −32 a year observed for −30 needed: on track.
    const [, second] = await server.services.db("indicators").where({ charter_id: charterId }).orderBy("position");
    const card = page.getByRole("article", { name: second.label, exact: true });
    const chart = card.getByRole("img", { name: new RegExp(`^Graphique : ${second.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
    expect(await chart.locator("circle.chart-point-final").count()).to.equal(1);
    expect(await chart.locator("circle.chart-point-provisional").count()).to.equal(1);
    expect(await chart.locator("polyline.chart-trajectory").count()).to.equal(1);
    const table = card.getByRole("table", { name: `Données : ${second.label}` });
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim())));
    expect(rows.find((r) => r[0] == "2026")?.[1]).to.equal("410 (définitive)");
    expect(rows.find((r) => r[0] == "2027")?.[1]).to.equal("385,5 (provisoire)");
    expect((await card.locator(".indicator-category").textContent())?.replace(/\s+/g, " ").trim()).to.equal("Progrès : En bonne voie");
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/cycle-10-dashboard-indicator.png", fullPage: false });
    await page.getByRole("heading", { name: "Tableau de bord" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/cycle-10-dashboard.png", fullPage: false });
    await expectAccessible(page, "dashboard");
  });

  it("hands the pilot the closed campaign's report PDF, which holds the organisations and the statuses", async function () {
    const page = await followupAs("pilote@example.org", "Campagnes");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".report-downloads").getByRole("button", { name: "PDF : rapport d'évaluation Bilan 2027" }).click()]);
    expect(download.suggestedFilename()).to.match(/^Rapport d'évaluation — Bilan 2027\.pdf$/);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).to.equal("%PDF-");
    // Words broken across lines come back whole: organisation names are long.
    const text = pdftotext(pdf).replace(/-\s*\n\s*/g, "-").replace(/\s+/g, " ");
    expect(text).to.include("Bilan 2027").and.include("Arrêté le");
    const { db } = server.services;
    const organisations = await db("organisations").whereIn("id", db("tracked_commitments").where({ charter_id: charterId }).distinct("organisation_id")).pluck("name");
    expect(organisations.length).to.be.greaterThan(5);
    for (const name of organisations) expect(text.replace(/- /g, "-"), name).to.include(name);
    // The answered commitment is declared « Réalisé » and appraised « Complet »; the others were not declared.
    for (const label of ["Réalisé", "Complet", "Validé", "Non renseigné"]) expect(text, label).to.include(label);
    // The exchange with the committee is in the report: its request, and the organisation's answer.
    expect(text).to.include("Joignez le protocole signé").and.include("Le protocole FSL a été signé le 12 janvier 2028");
  });
});
