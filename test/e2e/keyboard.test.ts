import { expect } from "chai";
import { type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";

/*
 * The charter with the keyboard alone, in the real browser against the real
 * server and the built client (`dist/`): signing in, the skip links, Tab
 * leaving the editor in the page's order, adding a commitment from the
 * toolbar, the commitments' « Modifier » buttons, and the outline. What was
 * typed is checked in the document the server stored.
 */

/** Screenshots of the focus states, to look at (not compared). */
const SHOTS = process.env.A11Y_SCREENSHOTS;

describe("the charter with the keyboard alone", function () {
  this.timeout(60_000);

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

  const isFocused = (locator: Locator) => locator.evaluate((el) => el == document.activeElement);
  const editorHasFocus = (page: Page) => page.evaluate(() => !!document.activeElement?.closest(".ProseMirror"));

  /** Presses Tab until `locator` has the focus; fails after `max` presses. Returns how many it took. */
  async function tabTo(page: Page, locator: Locator, max = 40): Promise<number> {
    for (let presses = 1; presses <= max; presses++) {
      await page.keyboard.press("Tab");
      if (await isFocused(locator)) return presses;
    }
    throw new Error(`${locator} not reached in ${max} presses of Tab`);
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
  }

  async function storedDocument(): Promise<any> {
    const { status, body } = await server.api("GET", `/api/charters/${charterId}/document`, { token: pilotToken });
    expect(status).to.equal(200);
    return body.document;
  }

  it("signs in, reaches the text by the skip link, types, adds a commitment from the toolbar and leaves the editor", async function () {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);

    // Signing in.
    await page.goto(server.url + "/connexion");
    await tabTo(page, page.getByLabel("Adresse électronique"), 10);
    await page.keyboard.type("pilote@example.org");
    await page.keyboard.press("Tab");
    expect(await isFocused(page.getByLabel("Mot de passe"))).to.equal(true);
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Mes chartes", level: 1 }).waitFor();

    // Opening the charter from the list.
    const { body } = await server.api("GET", `/api/charters/${charterId}`, { token: pilotToken });
    await tabTo(page, page.getByRole("link", { name: body.charter.title, exact: true }), 20);
    await page.keyboard.press("Enter");
    await page.locator(".ProseMirror").waitFor();
    await page.locator(".save-status-text").waitFor();

    // The skip link is the first stop after the page's heading, visible when focused.
    const toText = page.getByRole("link", { name: "Aller au texte" });
    expect(await tabTo(page, toText, 3)).to.equal(1);
    const box = (await toText.boundingBox())!;
    expect(box.y).to.be.at.least(0);
    expect(box.width).to.be.greaterThan(20);
    await shot(page, "skip-link");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => !!document.activeElement?.closest(".ProseMirror"));

    // Typing at the end of the text, the glossary's last item: in a list, Tab indents and Shift+Tab outdents.
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" (mis à jour au clavier)");
    const lastItem = page.locator(".ProseMirror li", { hasText: "(mis à jour au clavier)" }).last();
    await lastItem.waitFor();
    await page.keyboard.press("Tab");
    expect(await editorHasFocus(page)).to.equal(true);
    expect(await lastItem.evaluate((li) => !!li.parentElement?.closest("li"))).to.equal(true);
    await page.keyboard.press("Shift+Tab");
    expect(await lastItem.evaluate((li) => !!li.parentElement?.closest("li"))).to.equal(false);

    // Escape then Tab leaves the editor even in a list, changing nothing.
    const before = await page.locator(".ProseMirror").textContent();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await editorHasFocus(page)).to.equal(false);
    expect(await page.locator(".ProseMirror").textContent()).to.equal(before);

    // On through the page, around to its top, into the outline: an article's entry takes the focus to its heading.
    const firstArticle = page.getByRole("navigation", { name: "Sommaire" }).getByRole("link", { name: /^Art\. 1\s*:/ });
    await tabTo(page, firstArticle);
    await shot(page, "outline-entry-focused");
    await page.keyboard.press("Enter");
    const heading = page.locator("h3.clause-heading").first();
    expect(await isFocused(heading)).to.equal(true);
    expect(await firstArticle.getAttribute("aria-current")).to.equal("location");

    // Enter at the end of the heading goes to the article's text.
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Phrase tapée au clavier. ");
    await page.locator("article.clause").first().getByText("Phrase tapée au clavier.").waitFor();

    // The toolbar, by the second skip link: out of the editor, around the page again.
    await page.keyboard.press("Tab");
    expect(await editorHasFocus(page)).to.equal(false);
    await tabTo(page, page.getByRole("link", { name: "Aller à la barre d'outils" }));
    await shot(page, "skip-link-toolbar");
    await page.keyboard.press("Enter");
    const toolbar = page.getByRole("toolbar", { name: "Mise en forme du texte" });
    await page.waitForFunction(() => !!document.activeElement?.closest('[role="toolbar"]'));
    const newCommitment = toolbar.getByRole("button", { name: "Nouvel engagement" });
    for (let i = 0; i < 12 && !(await isFocused(newCommitment)); i++) await page.keyboard.press("ArrowRight");
    expect(await isFocused(newCommitment)).to.equal(true);
    await page.keyboard.press("Enter");

    // The form: the organisation's list has the focus.
    const dialog = page.getByRole("dialog", { name: "Nouvel engagement" });
    await dialog.waitFor();
    expect(await isFocused(dialog.getByLabel("Organisation responsable"))).to.equal(true);
    await page.keyboard.type("CAF");
    expect(await dialog.getByLabel("Organisation responsable").locator("option:checked").textContent()).to.equal("CAF de Maine-et-Loire");
    await page.keyboard.press("Tab");
    expect(await isFocused(dialog.getByLabel("Échéance"))).to.equal(true);
    // The date is optional (and Chrome's field orders its parts by the system's locale): past it, to the indicator.
    await tabTo(page, dialog.getByLabel("Indicateur de suivi"), 4);
    await page.keyboard.type("Nombre d'impayés signalés");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });

    // Back in the text, in the new commitment.
    await page.waitForFunction(() => !!document.activeElement?.closest(".ProseMirror"));
    await page.keyboard.type("La CAF signale chaque impayé.");
    const commitment = page.locator("article.clause").first().locator(".commitment", { hasText: "La CAF signale chaque impayé." });
    await commitment.waitFor();
    await shot(page, "commitment-added");
    await page.keyboard.press("Tab");
    expect(await editorHasFocus(page)).to.equal(false);
    expect(await commitment.textContent()).to.contain("La CAF signale chaque impayé.");

    // The server has it all.
    await page.locator(".save-status-text").filter({ hasText: /^Enregistré$/ }).waitFor();
    const stored = await storedDocument();
    const text = JSON.stringify(stored);
    expect(text).to.contain("(mis à jour au clavier)").and.contain("Phrase tapée au clavier. ");
    expect(text).not.to.contain("\\t");
    const clause = stored.content.find((n: any) => n.type == "section").content.find((n: any) => n.type == "clause");
    const added = clause.content.find((n: any) => n.type == "commitment" && JSON.stringify(n).includes("La CAF signale chaque impayé."));
    expect(added, "the commitment in the first article").to.exist;
    expect(added.attrs).to.include({ due: null, indicator: "Nombre d'impayés signalés" });
    const caf = body.charter.signatories.find((o: { name: string }) => o.name == "CAF de Maine-et-Loire");
    expect(added.attrs.party).to.equal(caf.id);
  });

  it("keeps the commitments' « Modifier » buttons out of the Tab order, and Enter or Space on one opens its form without touching the text", async function () {
    const contextList: BrowserContext[] = [];
    const page = await openCharterAs(browser, server, charterId, "pilote@example.org", contextList);
    contexts.push(...contextList);
    await page.locator(".save-status-text").waitFor();
    const buttons = page.locator(".commitment-edit");
    expect(await buttons.count()).to.be.greaterThan(1);
    expect(await buttons.evaluateAll((all) => all.every((b) => (b as HTMLElement).tabIndex == -1))).to.equal(true);

    // From the start of the text, Tab leaves at once (no stop inside it).
    await page.locator(".ProseMirror").focus();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("Tab");
    expect(await editorHasFocus(page)).to.equal(false);

    // A screen reader may still focus a button: its keys are its own.
    const text = await page.locator(".ProseMirror").textContent();
    const first = buttons.first();
    for (const key of ["Enter", " "]) {
      await first.focus();
      await page.keyboard.press(key);
      const dialog = page.getByRole("dialog", { name: "Modifier l'engagement" });
      await dialog.waitFor();
      expect(await dialog.getByLabel("Organisation responsable").inputValue()).not.to.equal("");
      await shot(page, "commitment-dialog");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      expect(await page.locator(".ProseMirror").textContent(), `after ${JSON.stringify(key)}`).to.equal(text);
    }

    // From the keyboard: the cursor in the commitment, the toolbar's button and Alt+Shift+E.
    await page.locator(".commitment-text").first().click();
    const fromToolbar = page.getByRole("toolbar").getByRole("button", { name: "Modifier l'engagement" });
    await fromToolbar.focus();
    await shot(page, "commitment-toolbar-control");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Modifier l'engagement" }).waitFor();
    await page.keyboard.press("Escape");
    // The closed form gives the focus back to the text.
    await page.waitForFunction(() => !!document.activeElement?.closest(".ProseMirror"));
    await page.keyboard.press("Alt+Shift+E");
    await page.getByRole("dialog", { name: "Modifier l'engagement" }).waitFor();
    await page.keyboard.press("Escape");
    expect(await page.locator(".ProseMirror").textContent()).to.equal(text);
  });

  it("lands outline entries below the sticky toolbar and shows where the reader is", async function () {
    const contextList: BrowserContext[] = [];
    const page = await openCharterAs(browser, server, charterId, "pilote@example.org", contextList);
    contexts.push(...contextList);
    await page.locator(".save-status-text").waitFor();
    const outline = page.getByRole("navigation", { name: "Sommaire" });
    const current = outline.locator('a[aria-current="location"]');
    const bar = page.locator(".editor-bar");

    const entry = outline.getByRole("link", { name: /^Art\. 10\s*:/ });
    await entry.focus();
    await page.keyboard.press("Enter");
    const heading = page.locator(".document-editor h3.clause-heading").nth(9);
    expect(await isFocused(heading)).to.equal(true);
    const barBottom = (await bar.boundingBox())!;
    const landed = (await heading.boundingBox())!;
    expect(landed.y, "the heading is below the toolbar").to.be.at.least(barBottom.y + barBottom.height);
    expect(landed.y, "right below it").to.be.below(barBottom.y + barBottom.height + 40);
    await page.waitForFunction(() => document.querySelector('.outline a[aria-current="location"]')?.textContent?.startsWith("Art. 10"));
    expect(await current.count()).to.equal(1);
    await shot(page, "outline-current");

    // Scrolling moves it: to the top, nothing is passed yet; further down, a later article.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => !document.querySelector('.outline a[aria-current="location"]'));
    await page.locator(".document-editor h3.clause-heading").nth(14).evaluate((h) => h.scrollIntoView({ block: "start" }));
    await page.waitForFunction(() => document.querySelector('.outline a[aria-current="location"]')?.textContent?.startsWith("Art. 15"));
  });
});
