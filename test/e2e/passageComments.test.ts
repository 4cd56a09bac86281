import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId, freshCharter } from "../helpers/fixtures.js";
import { passageQuote } from "../../server/shared/commentAnchor.js";

/*
 * Comments on a passage, in the browser: selected with the keyboard,
 * commented with « Commenter ce passage », highlighted in the text, and still
 * on the same words once text is typed before them, here and for others.
 */

describe("comments on a passage in the browser", function () {
  this.timeout(40_000);

  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    charterId = await demoCharterId(server);
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (email: string) => openCharterAs(browser, server, charterId, email, contexts);
  const preamble = (page: Page) => page.locator(".ProseMirror .preamble > p").first();
  const highlight = (page: Page) => page.locator(".ProseMirror [data-comment-thread]");

  /** Puts the cursor at the start of the preamble's first paragraph (Home would go to the start of a line of it). */
  async function atStart(page: Page): Promise<void> {
    await preamble(page).click({ position: { x: 2, y: 8 } });
    await page.keyboard.press("Home");
  }

  /** Selects `length` characters from `offset` in the preamble's first paragraph, with the keyboard; returns them. */
  async function selectInPreamble(page: Page, offset: number, length: number): Promise<string> {
    await atStart(page);
    for (let i = 0; i < offset; i++) await page.keyboard.press("ArrowRight");
    for (let i = 0; i < length; i++) await page.keyboard.press("Shift+ArrowRight");
    // The browser announces the new selection a moment later: let the editor read it before the next key.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    return page.evaluate(() => window.getSelection()!.toString());
  }

  it("comments a selected passage of the preamble, highlights it, and keeps it on the same words when text is typed before it", async () => {
    const editor = await open("redacteur@example.org");
    const words = await selectInPreamble(editor, 4, 18);
    expect(words).to.have.length(18);
    const button = editor.getByRole("button", { name: "Commenter ce passage" });
    expect(await button.getAttribute("aria-keyshortcuts")).to.equal("Control+Alt+M");
    await editor.keyboard.press("Control+Alt+M");
    const panel = editor.locator(".comments-panel");
    await panel.getByRole("heading", { name: "Commenter un passage" }).waitFor();
    expect(await panel.locator(".thread-quote p").textContent()).to.equal(words.trim());
    // The passage being commented is highlighted already, and the comment form has the focus.
    expect(await highlight(editor).first().getAttribute("class")).to.include("comment-passage-active");
    await editor.keyboard.type("Ce passage mérite une source.");
    await panel.getByRole("button", { name: "Publier le commentaire" }).click();
    await panel.getByRole("heading", { name: "Discussion sur un passage" }).waitFor();
    await panel.locator(".thread .comment-body", { hasText: "Ce passage mérite une source." }).waitFor();
    await editor.waitForFunction((w) => [...document.querySelectorAll(".ProseMirror .comment-passage-active")].map((e) => e.textContent).join("") == w, words);

    // Typing before the passage moves it along, with the same words.
    await atStart(editor);
    await editor.keyboard.type("Ajouté avant. ");
    await editor.waitForFunction(() => document.querySelector(".ProseMirror .preamble p")!.textContent!.startsWith("Ajouté avant. "));
    await editor.waitForTimeout(100);
    expect(await highlightedText(editor)).to.equal(words);

    // Someone else, opening the text after that edit, sees the same words highlighted, and a marker in the margin.
    const reader = await open("lecteur@example.org");
    await highlight(reader).first().waitFor();
    expect(await highlightedText(reader)).to.equal(words);
    const marker = reader.locator(".comment-marker[data-thread-id]");
    expect(await marker.getAttribute("aria-label")).to.equal(`1 commentaire sur le passage « ${words.trim()} »`);
    await marker.click();
    await reader.locator(".comments-panel").getByRole("heading", { name: "Discussion sur un passage" }).waitFor();
    expect(await reader.locator(".comments-panel .thread-quote p").textContent()).to.equal(words.trim());
    // The reader did not start it: no « Marquer comme résolue » for them.
    expect(await reader.getByRole("button", { name: "Marquer comme résolue" }).count()).to.equal(0);
    expect(await highlight(reader).first().getAttribute("class")).to.include("comment-passage-active");
    // For the editor, « Aller au passage » puts the cursor at the passage's start.
    await editor.locator(".comments-panel").getByRole("button", { name: "Aller au passage dans le texte" }).click();
    await editor.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await editor.evaluate(() => document.activeElement?.classList.contains("ProseMirror"))).to.equal(true);
    expect(await editor.evaluate(() => {
      const selection = window.getSelection()!;
      return [selection.isCollapsed, selection.anchorOffset, !!selection.anchorNode?.parentElement?.closest("[data-comment-thread]")];
    })).to.deep.equal([true, 0, true]);
    await reader.locator(".comments-panel").screenshot({ path: "/tmp/shots/passage-comment-panel.png" });
    await reader.screenshot({ path: "/tmp/shots/passage-comment.png" });

    // Deleting the whole passage: the thread says so, and keeps its quote.
    expect(await selectInPreamble(editor, "Ajouté avant. ".length + 4, words.length)).to.equal(words);
    await editor.keyboard.press("Backspace");
    await reader.locator(".comments-panel .thread-quote figcaption", { hasText: "Passage supprimé du texte" }).waitFor();
    expect(await highlight(reader).count()).to.equal(0);
  });

  it("comments a passage inside an article among that article's discussions, with its quote", async () => {
    // A charter of its own: the preamble's thread of the test above has no marker here.
    const editor = await openCharterAs(browser, server, await freshCharter(server), "redacteur@example.org", contexts);
    const article = editor.locator(".ProseMirror article.clause").nth(2);
    const clauseId = (await article.getAttribute("data-clause-id"))!;
    const paragraph = article.locator(":scope > p").first();
    await paragraph.click({ position: { x: 2, y: 8 } });
    await editor.keyboard.press("Home");
    for (let i = 0; i < 12; i++) await editor.keyboard.press("Shift+ArrowRight");
    await editor.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const words = await editor.evaluate(() => window.getSelection()!.toString());
    await editor.getByRole("button", { name: "Commenter ce passage" }).click();
    const panel = editor.locator(".comments-panel");
    await panel.getByRole("heading", { name: "Commenter un passage de l'article 3" }).waitFor();
    await panel.getByLabel("Votre commentaire sur ce passage").fill("Qui finance ?");
    await panel.getByRole("button", { name: "Publier le commentaire" }).click();
    // Posted, the panel shows the article's discussions, this one with its quote.
    await panel.getByRole("heading", { name: /Article 3/ }).waitFor();
    const thread = panel.locator(".thread", { hasText: "Qui finance ?" });
    expect(await thread.locator(".thread-quote p").textContent()).to.equal(words.trim());
    expect(await editor.locator(`.comment-marker[data-clause-id="${clauseId}"]`).textContent()).to.equal("1");
    // Pointing at the discussion highlights its words in the text.
    await thread.hover();
    await editor.waitForFunction((w) => [...document.querySelectorAll(".ProseMirror .comment-passage-active")].map((e) => e.textContent).join("") == w, words);
    expect(await editor.locator(".comment-marker[data-thread-id]").count()).to.equal(0);
    await editor.screenshot({ path: "/tmp/shots/passage-in-article.png" });
  });

  it("comments a whole section introduction from the cursor alone, and lists it among all discussions", async () => {
    const editor = await openCharterAs(browser, server, await freshCharter(server), "redacteur@example.org", contexts);
    const intro = editor.locator(".ProseMirror section.section").first().locator(":scope > p").first();
    const text = (await intro.textContent())!;
    await intro.click();
    await editor.getByRole("button", { name: "Commenter ce paragraphe" }).click();
    const panel = editor.locator(".comments-panel");
    expect(await panel.locator(".thread-quote p").textContent()).to.equal(passageQuote(text));
    // Near the server's limit the count shows, and says when a paste was cut at it.
    const area = panel.getByLabel("Votre commentaire sur ce passage");
    await area.fill("x".repeat(4600));
    expect(await panel.getByText("4 600 caractères sur 5 000 au plus.").count()).to.equal(1);
    await area.fill("x".repeat(30000));
    expect((await area.inputValue()).length).to.equal(5000);
    await panel.getByText("Limite atteinte : 5 000 caractères sur 5 000 au plus.").waitFor();
    expect(await area.getAttribute("aria-describedby")).to.match(/-hint$/);
    await area.fill("Introduction trop longue.");
    expect(await panel.getByText(/caractères sur 5 000/).count()).to.equal(0);
    await panel.getByRole("button", { name: "Publier le commentaire" }).click();
    await panel.getByRole("heading", { name: "Discussion sur un passage" }).waitFor();
    await panel.getByRole("button", { name: "Toutes les discussions" }).click();
    const summary = panel.locator(".thread-summary", { hasText: "Introduction trop longue." });
    expect(await summary.getByRole("button").textContent()).to.match(/^Passage : « .+ »$/);
    await panel.screenshot({ path: "/tmp/shots/passage-list.png" });
  });
});

/** The text under the passage highlight (a passage across marks is several spans). */
function highlightedText(page: Page): Promise<string> {
  return page.evaluate(() => [...document.querySelectorAll(".ProseMirror [data-comment-thread]")].map((e) => e.textContent).join(""));
}
