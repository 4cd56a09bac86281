import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";

/*
 * The built client under the server's Content Security Policy, in Chromium:
 * signing in, opening a charter, the editor's WebSocket, typing, and another
 * participant's cursor and selection (coloured from script) raise no
 * violation.
 */
describe("the client under its Content Security Policy, in the browser", function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  const contexts: BrowserContext[] = [];
  const violations: string[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    charterId = (await server.services.db("charters").first("id")).id;
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** Records every violation of `page`: Chromium's console report, and the DOM event. */
  async function watch(page: Page, who: string) {
    const cdp = await page.context().newCDPSession(page);
    cdp.on("Log.entryAdded", ({ entry }) => { if (/Content Security Policy/i.test(entry.text)) violations.push(`${who} (log): ${entry.text}`); });
    await cdp.send("Log.enable");
    page.on("console", (message) => { if (/Content Security Policy/i.test(message.text())) violations.push(`${who} (console): ${message.text()}`); });
    await page.exposeFunction("reportViolation", (text: string) => violations.push(`${who} (event): ${text}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { reportViolation(t: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
  }

  /** Signs in as `email` in a new context whose violations are watched from the first page on, noting its WebSockets, and opens the charter. */
  async function open(email: string, sockets: string[]): Promise<Page> {
    return openCharterAs(browser, server, charterId, email, contexts, async (page) => {
      await watch(page, email);
      page.on("websocket", (ws) => sockets.push(ws.url()));
    });
  }

  it("signs in, opens a charter, connects the editor to the same origin and shows another's cursor without any violation", async () => {
    const pilotSockets: string[] = [];
    const editorSockets: string[] = [];
    const pilot = await open("pilote@example.org", pilotSockets);
    const editor = await open("redacteur@example.org", editorSockets);
    const paragraph = (page: Page) => page.locator("article.clause").nth(1).locator(":scope > p").first();
    await paragraph(pilot).click();
    await pilot.keyboard.press("End");
    await pilot.keyboard.type(" sous CSP");
    // Before the selection: the other's cursor, drawn inside the text, would split the words.
    await paragraph(editor).filter({ hasText: "sous CSP" }).waitFor();
    await pilot.keyboard.down("Shift");
    await pilot.keyboard.press("ArrowLeft");
    await pilot.keyboard.press("ArrowLeft");
    await pilot.keyboard.up("Shift");
    await editor.locator(".remote-cursor").first().waitFor();
    await editor.locator(".remote-selection").first().waitFor();
    await pilot.locator(".save-status-text", { hasText: "Enregistré" }).waitFor();
    const origin = server.url.replace(/^http/, "ws");
    for (const sockets of [pilotSockets, editorSockets]) {
      expect(sockets.length).to.be.greaterThan(0);
      for (const url of sockets) expect(url.startsWith(`${origin}/collab/`), url).to.equal(true);
    }
    expect(violations).to.deep.equal([]);
  });
});
