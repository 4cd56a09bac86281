import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser } from "../helpers/browser.js";
import { clauseText, connectClient } from "../helpers/collab.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { charterAt } from "../helpers/signingFixtures.js";

/*
 * Every page of the client, checked by axe-core against WCAG 2.1 A and AA
 * (RGAA builds on them) in the real browser, against the real server and the
 * built client (`dist/`). A serious or critical violation fails the test and
 * is printed with the elements at fault. Axe cannot judge everything (focus
 * order, names that make sense): the keyboard journey test does the rest.
 */

/** WCAG 2.1 A and AA; axe's best practices too (landmarks, heading order…), which are mostly moderate, so printed rather than failing. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** Every rule still runs on every element; only the violations are collected in full (passes would list each of the charter's thousands of elements): about a third faster. */
const ONLY_VIOLATIONS = { resultTypes: ["violations" as const] };

describe("accessibility of every page (axe-core, WCAG 2.1 AA)", function () {
  // Axe reads every element of a 50-article charter, twice: slow on a busy machine.
  this.timeout(180_000);

  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let pilotToken: string;
  const contexts: BrowserContext[] = [];

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    pilotToken = await server.login("pilote@example.org");
    const { body } = await server.api("GET", "/api/charters", { token: pilotToken });
    charterId = body.charters[0].id;
  });

  afterEach(async function () {
    for (const context of contexts.splice(0)) await context.close();
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  /** Signs in through the login form and waits for the list of charters. */
  async function signedIn(email = "pilote@example.org"): Promise<Page> {
    const page = await freshPage();
    await page.goto(server.url + "/connexion");
    await page.getByLabel("Adresse électronique").fill(email);
    await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("heading", { name: "Mes chartes", level: 1 }).waitFor();
    return page;
  }

  async function openCharter(page: Page): Promise<void> {
    await page.goto(`${server.url}/chartes/${charterId}`);
    await page.locator(".ProseMirror:visible").first().waitFor();
    // Connected to the live text (its bar is hidden while a frozen version is shown).
    await page.locator(".save-status-text").waitFor({ state: "attached" });
  }

  /**
   * Fails on any serious or critical violation, printing them all (minor and
   * moderate ones too, as a warning). Axe cannot tell the colours of text
   * under a sticky bar (it scrolls each element into view, under the
   * toolbar) or under the comment markers' transparent layer (which covers
   * the text, letting clicks through): a second pass checks the contrast with
   * sticky elements unstuck and that layer hidden (its markers are in the first).
   */
  async function expectAccessible(page: Page, what: string): Promise<void> {
    const violations = (await new AxeBuilder({ page }).withTags([...TAGS, "best-practice"]).options(ONLY_VIOLATIONS).analyze()).violations;
    const moved = await page.evaluate(() => {
      const sticky = [...document.querySelectorAll<HTMLElement>("body *")].filter((el) => getComputedStyle(el).position == "sticky");
      for (const el of sticky) el.style.position = "static";
      const layers = [...document.querySelectorAll<HTMLElement>(".comment-layer")];
      for (const el of layers) el.style.display = "none";
      for (const el of [...sticky, ...layers]) el.dataset.axeMoved = "";
      return sticky.length + layers.length;
    });
    if (moved) {
      const contrast = await new AxeBuilder({ page }).withRules(["color-contrast"]).options(ONLY_VIOLATIONS).analyze();
      await page.evaluate(() => {
        for (const el of document.querySelectorAll<HTMLElement>("[data-axe-moved]")) {
          el.style.position = el.style.display = "";
          delete el.dataset.axeMoved;
        }
      });
      const known = new Set(violations.find((v) => v.id == "color-contrast")?.nodes.map((n) => n.target.join(" ")));
      for (const v of contrast.violations) {
        const existing = violations.find((w) => w.id == v.id);
        if (existing) existing.nodes.push(...v.nodes.filter((n) => !known.has(n.target.join(" "))));
        else violations.push(v);
      }
    }
    const blocking = violations.filter((v) => v.impact == "serious" || v.impact == "critical");
    const report = violations.map((v) =>
      `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` + v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`).join("\n"),
    );
    if (report.length) console.log(`\n  axe on ${what}:\n  ` + report.join("\n  "));
    expect(blocking.map((v) => `${v.id} (${v.nodes.length})`), `serious or critical violations on ${what}`).to.deep.equal([]);
  }

  it("login page", async function () {
    const page = await freshPage();
    await page.goto(server.url + "/connexion");
    await page.getByRole("button", { name: "Se connecter" }).waitFor();
    await expectAccessible(page, "the login page");
    // Its error message too.
    await page.getByLabel("Adresse électronique").fill("pilote@example.org");
    await page.getByLabel("Mot de passe").fill("pas-le-bon");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("alert").waitFor();
    await expectAccessible(page, "the login page with an error");
  });

  it("list of charters and new charter form", async function () {
    const page = await signedIn();
    await expectAccessible(page, "the list of charters");
    await page.getByRole("link", { name: "Créer une charte" }).click();
    await page.getByRole("heading", { name: "Créer une charte", level: 1 }).waitFor();
    await page.getByLabel("Département", { exact: true }).selectOption("49");
    await page.getByRole("checkbox", { name: /CAF de Maine-et-Loire/ }).waitFor();
    await expectAccessible(page, "the new charter form");
  });

  it("charter in drafting, its commitment form, history and differences", async function () {
    for (const label of ["V1", "V2"]) {
      const saved = await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilotToken, body: { label } });
      expect(saved.status).to.equal(201);
    }
    const page = await signedIn();
    await openCharter(page);
    await expectAccessible(page, "the charter being drafted");
    for (const name of [/^À compléter/, /^Commentaires/]) {
      await page.getByRole("tab", { name }).click();
      await page.locator('[role="tabpanel"]:visible').last().waitFor();
      await expectAccessible(page, `the charter's « ${name.source.slice(1)} » panel`);
    }
    await page.getByRole("tab", { name: "Sommaire" }).click();
    // The pilot's dialogs about the charter itself.
    for (const [button, dialog] of [["Renommer", "Renommer la charte"], ["Supprimer", /^Supprimer/]] as const) {
      await page.getByRole("group", { name: "Administration de la charte" }).getByRole("button", { name: button }).click();
      await page.getByRole("dialog", { name: dialog }).waitFor();
      await expectAccessible(page, `the dialog « ${button} »`);
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "hidden" });
    }

    await page.locator("article.clause .commitment-text").first().click();
    // The editor has read the new cursor once the toolbar offers to change that commitment.
    await page.getByRole("toolbar").getByRole("button", { name: "Modifier l'engagement" }).waitFor();
    await page.keyboard.press("Alt+Shift+E");
    await page.getByRole("dialog", { name: "Modifier l'engagement" }).waitFor();
    await expectAccessible(page, "the commitment form");
    await page.keyboard.press("Escape");

    await page.getByRole("tab", { name: "Historique", exact: true }).click();
    await page.getByRole("button", { name: "Enregistrer une version" }).waitFor();
    await expectAccessible(page, "the history of versions");

    await page.getByRole("tab", { name: "Différences", exact: true }).click();
    const from = page.getByLabel("De", { exact: true });
    await from.selectOption((await from.locator("option", { hasText: /^V1 — V1 / }).getAttribute("value"))!);
    const to = page.getByLabel("À", { exact: true });
    await to.selectOption((await to.locator("option", { hasText: /^V2 — V2 / }).getAttribute("value"))!);
    await page.getByRole("button", { name: "Comparer" }).click();
    // The comparison asked for, done: the tab's first one (V2 to the draft) may show, dimmed, while it runs.
    await page.locator(".diff-result:not(.diff-result-stale) .diff-result-title", { hasText: / à la version V2/ }).waitFor();
    await expectAccessible(page, "the differences between two versions");
  });

  it("charter read by a reader, and frozen for approval", async function () {
    const reader = await signedIn("lecteur@example.org");
    await openCharter(reader);
    await expectAccessible(reader, "the charter as a reader sees it");

    const saved = await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilotToken, body: { label: "Soumise" } });
    // The draft then differs from the frozen version, so that it can be opened beside it.
    const writer = await connectClient(server, charterId, pilotToken);
    clauseText(writer.doc).insert(0, "Modifié après la version soumise. ");
    await writer.stored();
    writer.destroy();
    const frozen = await server.api("POST", `/api/charters/${charterId}/freeze`, { token: pilotToken, body: { versionId: saved.body.id, confirmPlaceholders: true } });
    expect(frozen.status).to.equal(200);
    try {
      const page = await signedIn();
      await openCharter(page);
      await page.getByText(/figée pour approbation/).first().waitFor();
      await page.locator(".frozen-text .document-paper").waitFor();
      await expectAccessible(page, "the frozen charter");
      // « Aller au texte » leads to the frozen version's text.
      await page.getByRole("link", { name: "Aller au texte" }).focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => !!document.activeElement?.closest(".frozen-text"));
      await page.getByRole("button", { name: "Ouvrir le projet en cours" }).click();
      await page.locator(".document-editor").waitFor();
      await expectAccessible(page, "the draft opened while a version is frozen");
    } finally {
      expect((await server.api("POST", `/api/charters/${charterId}/reopen`, { token: pilotToken })).status).to.equal(200);
    }
  });

  it("charter in signing (with the signing dialog), signed, and archived", async function () {
    const { charterId: signingId, versionHash } = await charterAt(server, charterId, "signing");
    const open = async (page: Page, id: string) => {
      await page.goto(`${server.url}/chartes/${id}`);
      await page.locator(".ProseMirror:visible").first().waitFor();
    };
    const signatory = await signedIn("signataire@example.org");
    await open(signatory, signingId);
    await signatory.getByRole("tab", { name: "Approbation et signature" }).click();
    await signatory.getByRole("table", { name: "Organisations signataires" }).waitFor();
    await expectAccessible(signatory, "a charter in signing, as a signatory");
    await signatory.getByRole("button", { name: /^Signer pour/ }).click();
    await signatory.getByRole("dialog", { name: /^Signer la version/ }).waitFor();
    await expectAccessible(signatory, "the signing dialog");

    const signers = await server.services.db("memberships").where({ charter_id: signingId, role: "signatory" }).join("users", "users.id", "memberships.user_id").whereNotNull("memberships.organisation_id").select("users.email", "memberships.organisation_id");
    const signed = new Set<string>();
    for (const { email, organisation_id } of signers) {
      if (signed.has(organisation_id)) continue;
      signed.add(organisation_id);
      const token = await server.login(email);
      const res = await server.api("POST", `/api/charters/${signingId}/signatures`, { token, body: { versionHash, password: DEMO_PASSWORD, capacity: "Représentant", consent: true, mode: "typed", typedName: email } });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
    const pilot = await signedIn();
    await open(pilot, signingId);
    await pilot.getByText(/^En vigueur du/).waitFor();
    await expectAccessible(pilot, "a signed charter");
    await pilot.getByRole("tab", { name: "Approbation et signature" }).click();
    await pilot.getByText(/^Charte signée par les/).waitFor();
    await expectAccessible(pilot, "a signed charter's signatures");

    const { charterId: archivedId } = await charterAt(server, charterId, "frozen");
    expect((await server.api("POST", `/api/charters/${archivedId}/archive`, { token: pilotToken })).status).to.equal(200);
    await open(pilot, archivedId);
    await pilot.getByText("Archivée", { exact: true }).first().waitFor();
    await expectAccessible(pilot, "an archived charter");
  });

  it("members, invitations and a confirmation dialog", async function () {
    const made = await server.api("POST", `/api/charters/${charterId}/invitations`, {
      token: pilotToken,
      body: { email: "nouvelle.partenaire@example.org", name: "Nouvelle Partenaire", role: "reader" },
    });
    expect(made.status).to.equal(201);
    const page = await signedIn();
    await page.goto(`${server.url}/chartes/${charterId}/membres`);
    await page.getByRole("heading", { name: /^Membres \(/ }).waitFor();
    await page.getByText("nouvelle.partenaire@example.org").first().waitFor();
    await expectAccessible(page, "the members page");

    // Cancelling an invitation asks in the app's dialog: it holds the focus, Escape closes it and gives the focus back.
    const cancel = page.getByRole("button", { name: "Annuler l'invitation de nouvelle.partenaire@example.org" });
    await cancel.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Annuler l'invitation de nouvelle.partenaire@example.org ?" });
    await dialog.waitFor();
    await expectAccessible(page, "the confirmation dialog");
    expect(await dialog.getByRole("button", { name: "Garder l'invitation" }).evaluate((b) => b == document.activeElement)).to.equal(true);
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => !document.activeElement || document.activeElement == document.body || !!document.activeElement.closest("dialog"))).to.equal(true);
    }
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await cancel.evaluate((b) => b == document.activeElement)).to.equal(true);

    // Confirmed, the invitation is gone, and the focus is on the section's heading.
    await cancel.click();
    await dialog.getByRole("button", { name: "Annuler l'invitation", exact: true }).click();
    await page.getByText("L'invitation de nouvelle.partenaire@example.org a été annulée.").waitFor();
    expect(await page.getByRole("heading", { name: "Invitations en attente" }).evaluate((h) => h == document.activeElement)).to.equal(true);
    const pending = await server.api("GET", `/api/charters/${charterId}/invitations`, { token: pilotToken });
    expect(pending.body.invitations.map((i: { email: string }) => i.email)).not.to.include("nouvelle.partenaire@example.org");
    // Removing a member asks the same way.
    await page.getByRole("button", { name: "Retirer Nathalie Petit" }).click();
    const removal = page.getByRole("dialog", { name: "Retirer Nathalie Petit de la charte ?" });
    await removal.getByRole("button", { name: "Retirer", exact: true }).click();
    await page.getByText("Nathalie Petit a été retiré(e) de la charte.").waitFor();
    expect(await page.getByRole("heading", { name: /^Membres \(/ }).evaluate((h) => h == document.activeElement)).to.equal(true);
    const members = await server.api("GET", `/api/charters/${charterId}/members`, { token: pilotToken });
    expect(members.body.members.map((m: { name: string }) => m.name)).not.to.include("Nathalie Petit");
  });

  it("fails on a serious violation (the check itself)", async function () {
    const page = await freshPage();
    await page.goto(server.url + "/connexion");
    await page.getByRole("button", { name: "Se connecter" }).waitFor();
    await page.evaluate(() => document.querySelector("main")!.insertAdjacentHTML("beforeend", '<button type="button"><svg width="10" height="10"></svg></button>'));
    let failure: unknown = null;
    try {
      await expectAccessible(page, "a page with a button without a name");
    } catch (err) {
      failure = err;
    }
    expect(String(failure)).to.contain("button-name");
  });

  it("invitation page and the page of an unknown address", async function () {
    const made = await server.api("POST", `/api/charters/${charterId}/invitations`, {
      token: pilotToken,
      body: { email: "invitee.axe@example.org", name: "Personne Invitée", role: "editor" },
    });
    expect(made.status).to.equal(201);
    const page = await freshPage();
    await page.goto(made.body.invitation.link);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.locator("form input").first().waitFor();
    await expectAccessible(page, "the invitation page");

    const signed = await signedIn();
    await signed.goto(server.url + "/pas-une-page");
    await signed.getByRole("heading", { level: 1 }).waitFor();
    await expectAccessible(signed, "the page of an unknown address");
  });
});
