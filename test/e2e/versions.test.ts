import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import * as Y from "yjs";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { connectClient, fragmentOf } from "../helpers/collab.js";

/*
 * Versions, differences, freezing and comments in the browser, against the
 * real server and the built client (`dist/`, from `npx vite build`). The
 * pilot's page stays open through the whole story, as a person's would.
 * Selectors are the accessible ones where there are.
 */

const WORD = "essentiel";

describe("versions, differences, freezing and comments in the browser", function () {
  this.timeout(30_000);

  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let pilot: Page;
  const contexts: BrowserContext[] = [];

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    const token = await server.login("pilote@example.org");
    const { body } = await server.api("GET", "/api/charters", { token });
    charterId = body.charters[0].id;
    pilot = await open("pilote@example.org");
  });

  after(async function () {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** Signs in as `email` in a fresh browser context and opens the demo charter; resolves once its text is shown. */
  const open = (email: string): Promise<Page> => openCharterAs(browser, server, charterId, email, contexts);

  const tab = (page: Page, name: string) => page.getByRole("tab", { name, exact: true });
  const banner = (page: Page) => page.getByText("V1 figée pour approbation : la rédaction est suspendue");

  it("saves a version, shows a word typed since then as inserted by its author, freezes the version and reopens drafting", async function () {
    await tab(pilot, "Historique").click();
    await pilot.getByLabel("Nom de la version").fill("V1");
    await pilot.getByRole("button", { name: "Enregistrer une version" }).click();
    await pilot.getByText("Version V1 « V1 » enregistrée.").waitFor();

    // A word at the end of the first article's heading.
    await tab(pilot, "Texte").click();
    await pilot.locator("article.clause h3").first().click();
    await pilot.keyboard.press("End");
    await pilot.keyboard.type(" " + WORD);

    await tab(pilot, "Différences").click();
    const from = pilot.getByLabel("De", { exact: true });
    await from.selectOption((await from.locator("option", { hasText: /^V1 — V1 / }).getAttribute("value"))!);
    await pilot.getByLabel("À", { exact: true }).selectOption({ label: "Projet en cours" });
    await pilot.getByRole("button", { name: "Comparer" }).click();
    const inserted = pilot.locator(".diff-result ins", { hasText: WORD });
    await inserted.waitFor();
    expect(await inserted.getAttribute("title")).to.contain("Claire Martin");
    const clause = pilot.locator(".diff-clause", { has: pilot.locator("ins", { hasText: WORD }) });
    expect(await clause.locator(".diff-status").allTextContents()).to.deep.equal(["Modifié"]);
    expect(await clause.locator(".diff-authors").last().textContent()).to.contain("Claire Martin").and.contain("Préfecture de Maine-et-Loire");
    expect(await pilot.locator(".diff-summary").textContent()).to.contain("1 modifié");

    // Freezing V1 suspends drafting: the banner says so and the text is read-only.
    await tab(pilot, "Historique").click();
    await pilot.locator(".version-item", { hasText: "V1" }).click();
    await pilot.getByRole("button", { name: "Figer pour approbation" }).click();
    await pilot.getByRole("dialog", { name: "Figer la version V1 pour approbation ?" }).getByRole("button", { name: "Figer pour approbation" }).click();
    await banner(pilot).waitFor();
    // The « Texte » tab now shows V1 itself, which lacks the word typed since; the pilot may open the draft, read-only.
    await tab(pilot, "Texte").click();
    await pilot.getByRole("heading", { name: "Texte soumis à l'approbation : version V1 « V1 »" }).waitFor();
    expect(await pilot.locator(".frozen-text article.clause h3").first().textContent()).not.to.contain(WORD);
    await pilot.getByText("Le projet en cours diffère de cette version", { exact: false }).waitFor();
    await pilot.getByRole("button", { name: "Ouvrir le projet en cours" }).click();
    await pilot.locator('.document-editor .ProseMirror[contenteditable="false"]').waitFor();
    expect(await pilot.locator(".document-editor article.clause h3").first().textContent()).to.contain(WORD);
    await pilot.getByText(/^Lecture seule :/).waitFor();
    expect(await pilot.getByRole("toolbar", { name: "Mise en forme du texte" }).count()).to.equal(0);
    await pilot.getByRole("button", { name: "Revenir à la version figée" }).click();
    await pilot.locator(".frozen-text").waitFor();

    await pilot.getByRole("button", { name: "Rouvrir la rédaction" }).click();
    await pilot.getByRole("dialog", { name: "Rouvrir la rédaction ?" }).getByRole("button", { name: "Rouvrir la rédaction" }).click();
    await banner(pilot).waitFor({ state: "detached" });
    await pilot.locator('.document-editor .ProseMirror[contenteditable="true"]').waitFor();
    await pilot.getByRole("toolbar", { name: "Mise en forme du texte" }).waitFor();
  });

  it("shows a change of the charter's title and of its preamble, each credited to its author", async function () {
    await tab(pilot, "Historique").click();
    await pilot.getByLabel("Nom de la version").fill("V2");
    await pilot.getByRole("button", { name: "Enregistrer une version" }).click();
    await pilot.getByText("Version V2 « V2 » enregistrée.").waitFor();

    // A co-author renames the charter from another client (the title is the page's heading, not edited in the text).
    const coAuthor = await connectClient(server, charterId, await server.login("redacteur@example.org"));
    try {
      const title = (fragmentOf(coAuthor.doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      title.insert(title.length, " révisée");
      await coAuthor.stored();
    } finally {
      coAuthor.destroy();
    }
    await tab(pilot, "Texte").click();
    await pilot.locator(".document-editor .preamble p").first().click();
    await pilot.keyboard.press("End");
    await pilot.keyboard.type(" Complété");

    await tab(pilot, "Différences").click();
    const from = pilot.getByLabel("De", { exact: true });
    await from.selectOption((await from.locator("option", { hasText: /^V2 — V2 / }).getAttribute("value"))!);
    await pilot.getByLabel("À", { exact: true }).selectOption({ label: "Projet en cours" });
    await pilot.getByRole("button", { name: "Comparer" }).click();

    const title = pilot.getByRole("article", { name: "Titre de la charte" });
    await title.locator("ins", { hasText: "révisée" }).waitFor();
    expect(await title.locator("ins").getAttribute("title")).to.contain("Julien Bernard");
    expect(await title.locator(".diff-authors").textContent()).to.contain("Julien Bernard (Conseil départemental de Maine-et-Loire)");
    const preamble = pilot.getByRole("article", { name: "Préambule" });
    await preamble.locator("ins", { hasText: "Complété" }).waitFor();
    expect(await preamble.locator(".diff-block-place").first().textContent()).to.equal("Paragraphe 1");
    expect(await preamble.locator(".diff-authors").first().textContent()).to.contain("Modifié par Claire Martin");
    const summary = await pilot.locator(".diff-summary").textContent();
    expect(summary).to.contain("Titre de la charte modifié").and.contain("1 paragraphe du préambule changé");
    expect(await pilot.getByText("Aucune différence").count()).to.equal(0);
    if (process.env.SCREENSHOT_DIR) await pilot.screenshot({ path: `${process.env.SCREENSHOT_DIR}/diff-title-preamble.png`, fullPage: true });

    // Compared with itself, the draft is said to be identical.
    await from.selectOption({ label: "Projet en cours" });
    await pilot.getByRole("button", { name: "Comparer" }).click();
    await pilot.getByText("Aucune différence : les deux textes sont identiques.").waitFor();
    await tab(pilot, "Texte").click();
  });

  it("lets a reader comment on an article, and shows the pilot the count next to it at once", async function () {
    const reader = await open("lecteur@example.org");
    const article = reader.locator("article.clause").nth(1);
    const clauseId = (await article.getAttribute("data-clause-id"))!;
    await article.locator(":scope > p").first().click();
    await reader.getByRole("button", { name: "Commenter l'article 2", exact: true }).click();
    // The comment form takes the focus (once it is drawn: on a loaded machine, not at once).
    await reader.waitForFunction(() => document.activeElement?.tagName == "TEXTAREA" && !!document.activeElement.closest(".charter-sidebar"));
    await reader.keyboard.type("Préciser qui saisit la CCAPEX.");
    await reader.getByRole("button", { name: "Publier le commentaire" }).click();
    await reader.locator(".thread .comment-body", { hasText: "Préciser qui saisit la CCAPEX." }).waitFor();

    // The pilot's page was open all along: the marker appears without reloading.
    const marker = pilot.locator(`.comment-marker[data-clause-id="${clauseId}"]`);
    await marker.waitFor();
    expect(await marker.textContent()).to.equal("1");
    expect(await marker.getAttribute("aria-label")).to.equal("1 commentaire sur l'article 2");
    await marker.click();
    const thread = pilot.locator(".thread", { hasText: "Préciser qui saisit la CCAPEX." });
    await thread.waitFor();
    expect(await thread.locator(".comment-author").textContent()).to.equal("Mohamed Benali");
  });
});
