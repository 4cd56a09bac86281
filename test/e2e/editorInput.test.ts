import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { freshCharter } from "../helpers/fixtures.js";
import { LIBREOFFICE_BLOCKS, LIBREOFFICE_HTML, WORD_BLOCKS, WORD_HTML } from "../helpers/clipboard.js";

/*
 * How the editor takes input that shapes the text: Enter at the end of a
 * heading, a paste from Word or LibreOffice, and deleting (nearly) all the
 * text at once. Each test has a charter of its own, made from the template.
 */

describe("editor input in the browser: headings, pastes from word processors, deleting everything", function () {
  this.timeout(40_000);

  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const openFresh = async () => openCharterAs(browser, server, await freshCharter(server), "redacteur@example.org", contexts);
  const firstArticle = (page: Page) => page.locator(".ProseMirror article.clause").first();

  /** The blocks of the first article after its heading, one line each (`•` or `1.` before list items). */
  const articleBlocks = (page: Page) =>
    firstArticle(page).evaluate((article) => {
      const out: string[] = [];
      for (const child of article.children) {
        if (child.tagName == "H3") continue;
        if (child.tagName == "UL" || child.tagName == "OL")
          child.querySelectorAll(":scope > li").forEach((li, i) => out.push(`${child.tagName == "UL" ? "•" : `${i + 1}.`} ${li.textContent}`));
        else out.push(child.textContent ?? "");
      }
      return out;
    });

  /**
   * Puts the cursor at the very end of a block (End only goes to the end of
   * a line of a long paragraph), and lets the editor read the new selection,
   * which browsers announce a moment later.
   */
  async function cursorAtEnd(page: Page, block: ReturnType<Page["locator"]>): Promise<void> {
    await block.click();
    await block.evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let last: Text | null = null;
      while (walker.nextNode()) last = walker.currentNode as Text;
      window.getSelection()!.collapse(last, last!.length);
    });
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }

  /** Pastes HTML where the cursor is, as the browser does with a copy from another program. */
  async function paste(page: Page, html: string, text: string): Promise<void> {
    await page.evaluate(
      ([html, text]) => {
        const data = new DataTransfer();
        data.setData("text/html", html);
        data.setData("text/plain", text);
        document.querySelector(".ProseMirror")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      },
      [html, text],
    );
  }

  it("starts a new paragraph with Enter at the end of an article heading, before the article's text", async () => {
    const page = await openFresh();
    const heading = firstArticle(page).locator("h3");
    const headingText = await heading.textContent();
    const before = await articleBlocks(page);
    await cursorAtEnd(page, heading);
    await page.keyboard.press("Enter");
    await page.keyboard.type("Un nouveau paragraphe.");
    expect(await articleBlocks(page)).to.deep.equal(["Un nouveau paragraphe.", ...before]);
    expect(await heading.textContent()).to.equal(headingText);
  });

  it("starts the section's introduction with Enter at the end of a section heading", async () => {
    const page = await openFresh();
    const section = page.locator(".ProseMirror section.section").first();
    const children = () => section.evaluate((s) => [...s.children].map((c) => `${c.tagName} ${c.tagName == "ARTICLE" ? c.getAttribute("data-clause-id") : c.textContent}`));
    const before = await children();
    await cursorAtEnd(page, section.locator("h2"));
    await page.keyboard.press("Enter");
    await page.keyboard.type("Introduction du titre.");
    expect(await children()).to.deep.equal([before[0], "P Introduction du titre.", ...before.slice(1)]);
  });

  for (const [name, html, blocks] of [["Word", WORD_HTML, WORD_BLOCKS], ["LibreOffice", LIBREOFFICE_HTML, LIBREOFFICE_BLOCKS]] as const)
    it(`keeps a paste from ${name} as separate paragraphs and list items: headings, table cells, lists`, async () => {
      const page = await openFresh();
      const before = await articleBlocks(page);
      await cursorAtEnd(page, firstArticle(page).locator("h3"));
      await page.keyboard.press("Enter");
      await paste(page, html, blocks.join("\n"));
      await page.waitForFunction((n) => document.querySelector(".ProseMirror article.clause")!.children.length > n, before.length + 1);
      expect(await articleBlocks(page)).to.deep.equal([...blocks, ...before]);
      // Nothing became a heading of the charter: the articles and sections are as many as before.
      expect(await page.locator(".ProseMirror article.clause h3").count()).to.equal(await page.locator(".ProseMirror article.clause").count());
    });

  it("asks before Ctrl+A then Backspace deletes the whole text; cancelling keeps it, confirming deletes it, Ctrl+Z undoes it", async () => {
    const page = await openFresh();
    const text = () => page.locator(".ProseMirror").evaluate((e) => e.textContent);
    const before = await text();
    const articles = await page.locator(".ProseMirror article.clause").count();
    await firstArticle(page).locator(":scope > p").first().click();
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Backspace");
    const dialog = page.getByRole("dialog", { name: "Supprimer la plus grande partie du texte ?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).to.include(`${articles} articles entiers`);
    await page.screenshot({ path: "/tmp/shots/delete-all-dialog.png" });
    // « Annuler » has the focus: Enter does not delete by mistake.
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    expect(await text()).to.equal(before);

    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await dialog.getByRole("button", { name: "Supprimer" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await page.locator(".ProseMirror article.clause").count()).to.equal(0);
    expect((await text())!.length).to.be.lessThan(100);
    // As the dialog says, Ctrl+Z brings it back.
    await page.keyboard.press("Control+z");
    await page.waitForFunction((n) => document.querySelectorAll(".ProseMirror article.clause").length == n, articles);
    expect(await text()).to.equal(before);
  });

  it("asks as well before typing, cutting or pasting over the whole text", async () => {
    const page = await openFresh();
    const text = () => page.locator(".ProseMirror").evaluate((e) => e.textContent);
    const before = await text();
    const dialog = page.getByRole("dialog", { name: "Supprimer la plus grande partie du texte ?" });
    await firstArticle(page).locator(":scope > p").first().click();
    for (const replace of [() => page.keyboard.type("x"), () => paste(page, "<p>Autre chose</p>", "Autre chose"), () => page.keyboard.press("Control+x")]) {
      await page.keyboard.press("Control+a");
      await replace();
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Annuler" }).click();
      await dialog.waitFor({ state: "detached" });
      expect(await text()).to.equal(before);
    }
    // Confirmed, the cut goes ahead.
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Control+x");
    await dialog.getByRole("button", { name: "Supprimer" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await page.locator(".ProseMirror article.clause").count()).to.equal(0);
  });

  it("deletes a few words without asking", async () => {
    const page = await openFresh();
    const paragraph = firstArticle(page).locator(":scope > p").first();
    const before = (await paragraph.textContent())!;
    await cursorAtEnd(page, paragraph);
    for (let i = 0; i < 5; i++) await page.keyboard.press("Shift+ArrowLeft");
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const selected = await page.evaluate(() => window.getSelection()!.toString());
    expect(selected.length).to.be.within(1, 5);
    await page.keyboard.press("Backspace");
    expect(await paragraph.textContent()).to.equal(before.slice(0, -selected.length));
    expect(await page.getByRole("dialog").count()).to.equal(0);
  });
});
