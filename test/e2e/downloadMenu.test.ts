import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { signedCharter } from "../helpers/followupFixtures.js";

/*
 * The « Télécharger » menu of the charter page in Chromium, where its button
 * sits on the left of the page (under the « Page publique » box of a signed
 * charter, for the pilot): the menu opens fully on screen, on a desktop and on
 * a phone, and follows the WAI-ARIA menu button pattern from the keyboard.
 */
describe("the « Télécharger » menu of the charter page, in the browser", function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const contexts: BrowserContext[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const { charterId } = await signedCharter(server, await demoCharterId(server));
    page = await openCharterAs(browser, server, charterId, "pilote@example.org", contexts);
    await page.locator(".publication").waitFor();
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  const toggle = () => page.getByRole("button", { name: "Télécharger la charte signée" });
  const menu = () => page.getByRole("menu", { name: "Télécharger la charte signée" });
  const focused = () => page.evaluate(() => document.activeElement?.querySelector(".download-format")?.textContent ?? document.activeElement?.getAttribute("aria-label"));
  /** Waits (the page renders after the key) until the focus is on the format or button named `name`, then checks it. */
  async function expectFocus(name: string) {
    await page.waitForFunction((n) => (document.activeElement?.querySelector(".download-format")?.textContent ?? document.activeElement?.getAttribute("aria-label")) == n, name, { timeout: 5000 }).catch(() => {});
    expect(await focused()).to.equal(name);
  }

  /** Where `locator` lies across the viewport, in pixels, and the viewport's width. */
  async function onScreen(locator: Locator): Promise<{ left: number; right: number; width: number }> {
    const box = (await locator.boundingBox())!;
    const width = page.viewportSize()!.width;
    return { left: Math.round(box.x), right: Math.round(box.x + box.width), width };
  }

  async function expectMenuOnScreen(shot: string) {
    await toggle().click();
    const panel = page.locator(".download-panel:visible");
    await panel.waitFor();
    for (const item of [panel, ...(await panel.locator(".download-option").all())]) {
      const { left, right, width } = await onScreen(item);
      expect(left, "left edge").to.be.at.least(0);
      expect(right, "right edge").to.be.at.most(width);
    }
    await page.screenshot({ path: shot });
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "hidden" });
  }

  it("opens fully on screen when its button sits on the left of the page", async () => {
    const button = (await toggle().boundingBox())!;
    // The case the menu used to leave the screen in: a button narrower than the menu, on the left.
    expect(button.x).to.be.below(100);
    await expectMenuOnScreen("/tmp/charte-download-menu-left.png");
  });

  it("opens fully on screen on a phone 375 pixels wide", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await toggle().scrollIntoViewIfNeeded();
      await expectMenuOnScreen("/tmp/charte-download-menu-phone.png");
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("is a menu button: arrows, Home and End move between formats, Escape closes and goes back to the button", async () => {
    expect(await toggle().getAttribute("aria-haspopup")).to.equal("menu");
    await toggle().focus();
    await page.keyboard.press("Enter");
    expect(await toggle().getAttribute("aria-expanded")).to.equal("true");
    await expectFocus("PDF");
    expect(await menu().getByRole("menuitem").count()).to.equal(2);
    expect(await menu().locator(".download-format").allTextContents()).to.deep.equal(["PDF", "DOCX"]);
    const axe = await new AxeBuilder({ page }).include(".page-head-actions").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).to.deep.equal([]);
    // Down and Up wrap round the two formats.
    for (const [key, format] of [["ArrowDown", "DOCX"], ["ArrowDown", "PDF"], ["ArrowUp", "DOCX"], ["ArrowUp", "PDF"], ["Home", "PDF"], ["End", "DOCX"]]) {
      await page.keyboard.press(key);
      await expectFocus(format);
    }
    await page.keyboard.press("Escape");
    await menu().waitFor({ state: "hidden" });
    expect(await toggle().getAttribute("aria-expanded")).to.equal("false");
    await expectFocus("Télécharger la charte signée");

    // Up on the closed button opens on the last format, Down on the first.
    await page.keyboard.press("ArrowUp");
    await expectFocus("DOCX");
    await page.keyboard.press("Escape");
    await expectFocus("Télécharger la charte signée");
    await page.keyboard.press("ArrowDown");
    await expectFocus("PDF");
    // Tab leaves the menu, which closes.
    await page.keyboard.press("Tab");
    await menu().waitFor({ state: "hidden" });
    expect(await toggle().getAttribute("aria-expanded")).to.equal("false");
  });
});
