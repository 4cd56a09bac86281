import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import type { TestServer } from "./testServer.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const DIST = join(import.meta.dirname, "../../dist/index.html");

/** Debian's Chromium, headless, for the browser tests; the built client must exist. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npx vite build\` before the browser tests`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/**
 * Signs in as `email` (demo password) in a fresh browser context and opens a
 * charter; resolves once its text is shown. The context is added to `contexts`
 * for the caller to close; `beforeOpening` may watch the page from its first load on.
 */
export async function openCharterAs(browser: Browser, server: TestServer, charterId: string, email: string, contexts: BrowserContext[], beforeOpening?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await beforeOpening?.(page);
  await page.goto(`${server.url}/chartes/${charterId}`);
  await page.waitForURL(/\/connexion/);
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  // While a version is frozen, the live text stays on the page, hidden, behind the frozen one.
  await page.locator(".ProseMirror:visible").first().waitFor();
  return page;
}
