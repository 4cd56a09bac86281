import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { charterAt } from "../helpers/signingFixtures.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";

/*
 * The public verification page in Chromium, without signing in: the signed
 * PDF of the demo charter (every organisation signed) is said intact with
 * its charter, version and signers; a copy with one byte changed is
 * rejected with the reason; `?hash=` (the certificate page's QR code)
 * answers for the version hash. Checked with axe.
 */
describe("the public verification page, in the browser", function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pdf: Buffer;
  let versionHash: string;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const signing = await charterAt(server, await demoCharterId(server), "signing");
    versionHash = signing.versionHash;
    const rows: { organisation_id: string; email: string }[] = await server.services.db("memberships").join("users", "users.id", "memberships.user_id")
      .where({ "memberships.charter_id": signing.charterId, "memberships.role": "signatory" }).select("memberships.organisation_id", "users.email");
    const seen = new Set<string>();
    for (const row of rows.filter((r) => !seen.has(r.organisation_id) && seen.add(r.organisation_id))) {
      const res = await server.api("POST", `/api/charters/${signing.charterId}/signatures`, {
        token: await server.login(row.email), body: { versionHash, password: DEMO_PASSWORD, capacity: "Directrice", consent: true, mode: "typed", typedName: "Camille Martin" },
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
    const res = await fetch(`${server.url}/api/charters/${signing.charterId}/signed.pdf`, { headers: { authorization: `Bearer ${await server.login("lecteur@example.org")}` } });
    pdf = Buffer.from(await res.arrayBuffer());
    page = await (await browser.newContext()).newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("says a signed PDF is intact, with its charter, version and signers, without signing in", async () => {
    await page.goto(`${server.url}/verifier`);
    await page.getByRole("heading", { name: "Vérifier une charte signée" }).waitFor();
    await page.getByRole("heading", { name: "Cachet de la plateforme" }).waitFor();
    await page.getByLabel("Choisir le fichier PDF à vérifier").setInputFiles({ name: "charte-signee.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.getByText("« charte-signee.pdf » est intact").waitFor();
    const text = await page.locator(".verify-result").innerText();
    expect(text).to.include(versionHash);
    expect(text).to.include("Signatures (14)");
    expect(text).to.match(/, Directrice — signé électroniquement le \d/);
    expect(await page.evaluate(() => document.activeElement?.classList.contains("verify-result"))).to.equal(true);
    await page.screenshot({ path: "/tmp/charte-verifier-intact.png", fullPage: true });
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).to.deep.equal([]);
  });

  it("rejects a copy with one byte changed, saying why", async () => {
    const altered = Buffer.from(pdf);
    altered[Math.floor(altered.length / 3)] ^= 0x01;
    await page.getByLabel("Choisir le fichier PDF à vérifier").setInputFiles({ name: "copie-modifiee.pdf", mimeType: "application/pdf", buffer: altered });
    await page.getByText("« copie-modifiee.pdf » n'est pas une charte signée intacte.").waitFor();
    expect(await page.getByRole("alert").innerText()).to.include("Le fichier a été modifié après sa signature");
    await page.screenshot({ path: "/tmp/charte-verifier-altered.png", fullPage: true });
  });

  it("answers for a version hash given in the address (the QR code of the certificate page)", async () => {
    await page.goto(`${server.url}/verifier?hash=${versionHash}`);
    await page.getByText("Cette empreinte est celle d'une charte signée sur cette plateforme.").waitFor();
    await page.goto(`${server.url}/verifier?hash=${"0".repeat(64)}`);
    await page.getByText("Aucune charte signée sur cette plateforme ne porte cette empreinte.").waitFor();
  });
});
