import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { connectClient, eventually, fragmentOf } from "../helpers/collab.js";
import { derivedId } from "../../client/src/editor/nodeIds.js";
import * as Y from "yjs";
import { loadStoredYDoc } from "../../server/domain/documents.js";
import { appendDocumentUpdate } from "../../server/store/documents.js";

/*
 * The collaborative editor in the browser: several people (each in their own
 * browser context) open the demo charter against the real server and its
 * collaboration WebSocket, with the built client (`dist/`, from
 * `npx vite build`). Selectors are the accessible ones where there are.
 */

const OFFLINE = "Hors ligne — vos modifications sont conservées";

describe("collaborative editor in the browser", function () {
  this.timeout(30_000);

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

  /** Signs in as `email` in a fresh browser context and opens the demo charter; resolves once its text is shown. */
  const open = (email: string): Promise<Page> => openCharterAs(browser, server, charterId, email, contexts);

  /** The first paragraph of the n-th article. */
  const paragraph = (page: Page, n: number) => page.locator("article.clause").nth(n).locator(":scope > p").first();

  /** Puts the cursor at the end of the n-th article's first paragraph. */
  async function typeAtEnd(page: Page, n: number, text: string): Promise<void> {
    await paragraph(page, n).click();
    await page.keyboard.press("End");
    await page.keyboard.type(text);
  }

  const status = (page: Page) => page.locator(".save-status-text");

  async function storedDocument(): Promise<string> {
    const { status: code, body } = await server.api("GET", `/api/charters/${charterId}/document`, { token: pilotToken });
    expect(code).to.equal(200);
    return JSON.stringify(body.document);
  }

  it("lets two people write in the same article, each seeing the other's text and cursor, and stores both", async function () {
    const [pilot, editor] = await Promise.all([open("pilote@example.org"), open("redacteur@example.org")]);
    await typeAtEnd(pilot, 0, " Phrase de Claire.");
    await typeAtEnd(editor, 0, " Phrase de Julien.");

    for (const page of [pilot, editor]) {
      await paragraph(page, 0).filter({ hasText: "Phrase de Claire." }).filter({ hasText: "Phrase de Julien." }).waitFor();
      await status(page).filter({ hasText: /^Enregistré$/ }).waitFor();
    }
    await pilot.locator(".remote-cursor-label", { hasText: "Julien Bernard" }).waitFor();
    await editor.locator(".remote-cursor-label", { hasText: "Claire Martin" }).waitFor();
    expect(await paragraph(pilot, 0).textContent()).to.contain("Phrase de Claire.");

    const stored = await storedDocument();
    expect(stored).to.contain("Phrase de Claire.").and.contain("Phrase de Julien.");
  });

  it("keeps edits made offline, says so, and sends them when back online", async function () {
    const [pilot, editor] = await Promise.all([open("pilote@example.org"), open("redacteur@example.org")]);
    await status(editor).filter({ hasText: /^Enregistré$/ }).waitFor();

    await editor.context().setOffline(true);
    await status(editor).filter({ hasText: OFFLINE }).waitFor();
    await typeAtEnd(editor, 1, " Ajout fait hors ligne.");
    await editor.waitForTimeout(300);
    expect(await status(editor).textContent()).to.equal(OFFLINE);
    expect(await paragraph(pilot, 1).textContent()).not.to.contain("Ajout fait hors ligne.");

    await editor.context().setOffline(false);
    await status(editor).filter({ hasText: /^Enregistré$/ }).waitFor();
    await paragraph(pilot, 1).filter({ hasText: "Ajout fait hors ligne." }).waitFor();
    expect(await storedDocument()).to.contain("Ajout fait hors ligne.");
  });

  it("keeps edits made offline through closing the page, and stores them at the next visit", async function () {
    const editor = await open("redacteur@example.org");
    const context = editor.context();
    await status(editor).filter({ hasText: /^Enregistré$/ }).waitFor();
    await context.setOffline(true);
    await status(editor).filter({ hasText: OFFLINE }).waitFor();
    await typeAtEnd(editor, 3, " Gardé sur cet appareil.");
    // Leaving with unsaved edits warns (and this device keeps them anyway).
    let warned = false;
    editor.on("dialog", (dialog) => {
      warned = dialog.type() == "beforeunload";
      void dialog.accept();
    });
    // This device's copy is written asynchronously (IndexedDB): give it a moment, as a person would.
    await editor.waitForTimeout(500);
    const closed = editor.waitForEvent("close");
    await editor.close({ runBeforeUnload: true });
    await closed;
    expect(warned).to.equal(true);
    expect(await storedDocument()).not.to.contain("Gardé sur cet appareil.");

    await context.setOffline(false);
    const again = await context.newPage();
    again.setDefaultTimeout(10_000);
    await again.goto(`${server.url}/chartes/${charterId}`);
    await paragraph(again, 3).filter({ hasText: "Gardé sur cet appareil." }).waitFor();
    await status(again).filter({ hasText: /^Enregistré$/ }).waitFor();
    expect(await storedDocument()).to.contain("Gardé sur cet appareil.");
  });

  it("shows a reader the text read-only, and shows them as reading to the others", async function () {
    const editor = await open("redacteur@example.org");
    const reader = await open("lecteur@example.org");
    const before = await paragraph(reader, 2).textContent();

    expect(await reader.locator(".ProseMirror").getAttribute("contenteditable")).to.equal("false");
    await reader.getByText(/^Lecture seule :/).waitFor();
    expect(await reader.getByRole("toolbar").count()).to.equal(0);
    await paragraph(reader, 2).click();
    await reader.keyboard.type("Texte du lecteur");
    await reader.keyboard.press("Enter");
    expect(await paragraph(reader, 2).textContent()).to.equal(before);

    const entry = editor.locator(".presence-entry", { hasText: "Mohamed Benali" });
    await entry.waitFor();
    expect(await entry.textContent()).to.contain("consulte");
    expect(await editor.locator(".presence-entry", { hasText: "Julien Bernard" }).textContent()).to.contain("rédige");
    expect(await storedDocument()).not.to.contain("Texte du lecteur");
  });

  it("gives a clause duplicated in the stored draft a new id, the same for everyone, and writes it back", async function () {
    // The server refuses an update that copies an id (4422); a draft may still hold one stored before it did.
    await eventually(() => !server.hub.loadedCharters.includes(charterId), 10000, "the charter unloaded");
    const stored = await loadStoredYDoc(server.services.db, charterId);
    const before = Y.encodeStateVector(stored);
    const section = fragmentOf(stored).toArray().find((n) => n instanceof Y.XmlElement && n.nodeName == "section") as Y.XmlElement;
    const original = section.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName == "clause") as Y.XmlElement;
    const id = original.getAttribute("id") as string;
    section.insert(section.length, [original.clone()]);
    await appendDocumentUpdate(server.services.db, charterId, Y.encodeStateAsUpdate(stored, before), null);

    const pilot = await open("pilote@example.org");
    const other = await connectClient(server, charterId, await server.login("redacteur@example.org"));
    try {
      // The browser repairs it and writes the repair back: the copy gets the id derived from the original's.
      const otherSection = fragmentOf(other.doc).toArray().find((n) => n instanceof Y.XmlElement && n.nodeName == "section") as Y.XmlElement;
      const copy = otherSection.get(otherSection.length - 1) as Y.XmlElement;
      await eventually(() => copy.getAttribute("id") == derivedId("cl", id, 1), 5000, "the repaired id");
      expect((otherSection.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName == "clause") as Y.XmlElement).getAttribute("id")).to.equal(id);
      await status(pilot).filter({ hasText: /^Enregistré$/ }).waitFor();
      const ids = (await storedDocument()).match(/"id":"cl-[^"]+"/g)!;
      expect(new Set(ids).size).to.equal(ids.length);
    } finally {
      other.destroy();
    }
  });

  it("adds an article and a commitment from the toolbar, renumbering the articles and naming the organisation", async function () {
    const pilot = await open("pilote@example.org");
    await pilot.getByRole("heading", { name: /^Article 2\s*:\s*Cadre juridique/ }).waitFor();

    await paragraph(pilot, 0).click();
    await pilot.getByRole("button", { name: "Nouvel article" }).click();
    await pilot.keyboard.type("Article ajouté par le test");
    await pilot.getByRole("heading", { name: /^Article 2\s*:\s*Article ajouté par le test/ }).waitFor();
    await pilot.getByRole("heading", { name: /^Article 3\s*:\s*Cadre juridique/ }).waitFor();
    await pilot.getByRole("navigation", { name: "Sommaire" }).getByRole("link", { name: /^Art\. 2\s*:\s*Article ajouté/ }).waitFor();

    // Enter leaves the heading for the article's text, then the commitment goes after it.
    await pilot.keyboard.press("Enter");
    await pilot.keyboard.type("Texte du nouvel article.");
    await pilot.getByRole("button", { name: "Nouvel engagement" }).click();
    const dialog = pilot.getByRole("dialog", { name: "Nouvel engagement" });
    await dialog.getByRole("button", { name: "Ajouter l'engagement" }).click();
    await dialog.getByText("Choisissez l'organisation responsable de l'engagement.").waitFor();
    await dialog.getByLabel("Organisation responsable").selectOption({ label: "CAF de Maine-et-Loire" });
    await dialog.getByLabel("Échéance").fill("2028-12-31");
    await dialog.getByLabel("Indicateur de suivi").fill("Nombre de ménages accompagnés");
    await dialog.getByRole("button", { name: "Ajouter l'engagement" }).click();
    await pilot.keyboard.type("La CAF s'engage à signaler chaque impayé.");

    const added = pilot.locator("article.clause").nth(1).locator(".commitment");
    await added.filter({ hasText: "La CAF s'engage à signaler chaque impayé." }).waitFor();
    expect(await added.locator(".commitment-party").textContent()).to.equal("CAF de Maine-et-Loire");
    expect(await added.locator(".commitment-meta").textContent()).to.contain("31 décembre 2028").and.contain("Nombre de ménages accompagnés");

    // Its attributes can be changed afterwards.
    await added.getByRole("button", { name: /Modifier l'engagement/ }).click();
    const edit = pilot.getByRole("dialog", { name: "Modifier l'engagement" });
    expect(await edit.getByLabel("Organisation responsable").inputValue()).not.to.equal("");
    await edit.getByLabel("Organisation responsable").selectOption({ label: "ADIL de Maine-et-Loire" });
    await edit.getByRole("button", { name: "Enregistrer l'engagement" }).click();
    await added.locator(".commitment-party", { hasText: "ADIL de Maine-et-Loire" }).waitFor();

    await status(pilot).filter({ hasText: /^Enregistré$/ }).waitFor();
    const { body } = await server.api("GET", `/api/charters/${charterId}/document`, { token: pilotToken });
    const clause = body.document.content[2].content.filter((n: { type: string }) => n.type == "clause")[1];
    expect(clause.attrs.id).to.match(/^cl-[\w-]{9}$/);
    expect(clause.content[0].content[0].text).to.equal("Article ajouté par le test");
    const commitment = clause.content.find((n: { type: string }) => n.type == "commitment");
    expect(commitment.attrs).to.include({ due: "2028-12-31", indicator: "Nombre de ménages accompagnés" });
    expect(commitment.attrs.id).to.match(/^en-/);
    const { body: charter } = await server.api("GET", `/api/charters/${charterId}`, { token: pilotToken });
    const adil = charter.charter.signatories.find((o: { name: string }) => o.name == "ADIL de Maine-et-Loire");
    expect(commitment.attrs.party).to.equal(adil.id);
  });
});
