import { expect } from "chai";
import { type Browser, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser } from "../helpers/browser.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";

/*
 * The browser journey: a pilot signs in, creates a charter, invites a new
 * partner; the partner opens the link in another browser, makes an account
 * and reads the charter. Runs the real server and the built client (`dist/`,
 * from `npx vite build`) in headless Chromium. Selectors are the accessible
 * ones (labels, roles, names), so the test also checks that they exist.
 */


describe("browser journey", function () {
  this.timeout(60_000);

  let server: TestServer;
  let browser: Browser;
  // Made by the journey, reused by the test of a used link.
  let invitationLink: string | null = null;

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  /** A page in a fresh browser context (its own localStorage: another person); closing the browser closes it. */
  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  async function logIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(server.url + "/");
    await page.waitForURL(/\/connexion/);
    await page.getByLabel("Adresse électronique").fill(email);
    await page.getByLabel("Mot de passe").fill(password);
    await page.getByRole("button", { name: "Se connecter" }).click();
  }

  it("shows the server's message when the password is wrong", async function () {
    const page = await freshPage();
    await logIn(page, "pilote@example.org", "pas-le-bon-mot-de-passe");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).to.contain("Adresse électronique ou mot de passe incorrect.");
    expect(new URL(page.url()).pathname).to.equal("/connexion");
    await page.context().close();
  });

  it("lets a pilot create a charter and invite a partner, who joins through the link", async function () {
    const pilot = await freshPage();
    await logIn(pilot, "pilote@example.org", DEMO_PASSWORD);
    await pilot.getByRole("heading", { name: "Mes chartes", level: 1 }).waitFor();
    expect(await pilot.getByText("Claire Martin").first().isVisible()).to.equal(true);

    // Create a charter from the template, for Maine-et-Loire, without the Banque de France.
    await pilot.getByRole("link", { name: "Créer une charte" }).click();
    await pilot.getByRole("heading", { name: "Créer une charte", level: 1 }).waitFor();
    await pilot.getByLabel("Département", { exact: true }).selectOption("49");
    await pilot.getByRole("checkbox", { name: /CAF de Maine-et-Loire/ }).waitFor();
    expect(await pilot.getByRole("checkbox", { name: /CAF de Maine-et-Loire/ }).isChecked()).to.equal(true);
    await pilot.getByRole("checkbox", { name: /Banque de France/ }).uncheck();
    const title = "Charte de prévention des expulsions — essai navigateur";
    await pilot.getByLabel("Titre de la charte").fill(title);
    await pilot.getByRole("button", { name: "Créer la charte" }).click();

    // Its document, numbered, with the commitments' organisations.
    await pilot.getByRole("heading", { name: title, level: 1 }).waitFor();
    const charterPath = new URL(pilot.url()).pathname;
    expect(charterPath).to.match(/^\/chartes\/[\w-]+$/);
    await pilot.getByRole("heading", { name: /^Titre 1\s*:/ }).waitFor();
    await pilot.getByRole("heading", { name: /^Article 1\s*:/ }).waitFor();
    await pilot.getByRole("heading", { name: /^Article 2\s*:/ }).waitFor();
    await pilot.locator(".commitment-party", { hasText: "CAF de Maine-et-Loire" }).first().waitFor();
    await pilot.locator(".commitment-party", { hasText: "À attribuer" }).first().waitFor();
    expect(await pilot.getByRole("status").filter({ hasText: /engagements? à attribuer/ }).count()).to.equal(1);

    // The outline moves the focus to an article.
    const outline = pilot.getByRole("navigation", { name: "Sommaire" });
    await outline.getByRole("link", { name: /^Art\. 3\s*:/ }).click();
    expect(await pilot.evaluate(() => document.activeElement?.id)).to.equal("article-3");

    // Invite a new partner as editor for the ADIL.
    await pilot.getByRole("link", { name: "Membres et invitations" }).click();
    await pilot.getByRole("heading", { name: "Membres et invitations", level: 1 }).waitFor();
    await pilot.getByLabel("Adresse électronique").fill("nouvelle.partenaire@example.org");
    await pilot.getByLabel("Nom et prénom").fill("Aline Partenaire");
    await pilot.getByLabel("Rôle", { exact: true }).selectOption("editor");
    await pilot.getByLabel(/^Organisation/).selectOption({ label: "ADIL de Maine-et-Loire" });
    await pilot.getByRole("button", { name: "Créer l'invitation" }).click();
    const linkField = pilot.getByLabel("Lien d'invitation");
    await linkField.waitFor();
    invitationLink = await linkField.inputValue();
    expect(invitationLink).to.match(new RegExp(`^${server.url}/invitation/[\\w-]+$`));
    expect(await pilot.getByRole("button", { name: "Copier le lien" }).isVisible()).to.equal(true);
    await pilot.getByRole("cell", { name: "ADIL de Maine-et-Loire" }).waitFor();

    // The partner, in another browser, accepts with a new account and lands on the charter.
    const partner = await freshPage();
    await partner.goto(invitationLink);
    await partner.getByRole("heading", { name: "Rejoindre une charte", level: 1 }).waitFor();
    expect(await partner.getByText(title).first().isVisible()).to.equal(true);
    await partner.getByLabel("Nom et prénom").fill("Aline Partenaire");
    await partner.getByLabel("Mot de passe", { exact: true }).fill("un mot de passe solide");
    await partner.getByLabel("Confirmation du mot de passe").fill("un mot de passe solide");
    await partner.getByRole("button", { name: /rejoindre la charte/i }).click();
    await partner.getByRole("heading", { name: title, level: 1 }).waitFor();
    expect(new URL(partner.url()).pathname).to.equal(charterPath);
    await partner.getByRole("heading", { name: /^Article 1\s*:/ }).waitFor();
    expect(await partner.getByText("Vu la loi n° 90-449 du 31 mai 1990").isVisible()).to.equal(true);
    expect(await partner.getByText("Aline Partenaire").first().isVisible()).to.equal(true);
    expect(await partner.getByText("Votre rôle : Rédacteur").isVisible()).to.equal(true);
  });

  it("says so when an invitation link is opened again after use", async function () {
    if (!invitationLink) this.skip();
    const page = await freshPage();
    await page.goto(invitationLink!);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).to.contain("déjà été utilisé");
    expect(await page.getByLabel("Mot de passe").count()).to.equal(0);
  });
});
