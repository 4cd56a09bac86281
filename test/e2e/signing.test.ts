import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { pdfsig } from "../helpers/pdfTools.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { charterCreator } from "../../server/domain/commands/charterCreator.js";
import { listSignatories } from "../../server/store/charters.js";

/*
 * Issue 10 in the browser: a charter with two signatory organisations (the
 * Préfecture and the CAF) is frozen; the préfet asks for changes on an
 * article, then approves; the CAF approves; the pilot opens signing; the
 * préfet signs by drawing, par délégation, the CAF's director by typing their
 * name with the keyboard; the charter is signed, with its dates. Axe checks
 * the panel and the signing dialog on the way.
 */
describe("approval and signature in the browser", function () {
  this.timeout(90_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  const contexts: BrowserContext[] = [];

  before(async function () {
    server = await startTestServer();
    browser = await launchBrowser();
    const { db } = server.services;
    const demo = await demoCharterId(server);
    const pilot = await db("users").where({ email: "pilote@example.org" }).first();
    const organisations = (await listSignatories(db, demo)).filter((o) => o.kind == "prefecture" || o.kind == "caf");
    ({ charter: { id: charterId } } = await charterCreator(server.services, pilot, { title: "Charte à deux signataires", template: "charte-departementale", departmentCode: "49", signatoryIds: organisations.map((o) => o.id) }, null));
    const at = new Date().toISOString();
    for (const m of await db("memberships").where({ charter_id: demo }).whereNot({ user_id: pilot.id }))
      await db("memberships").insert({ ...m, id: randomUUID(), charter_id: charterId, created_at: at, updated_at: at });
    const token = await server.login("pilote@example.org");
    const version = (await server.api("POST", `/api/charters/${charterId}/versions`, { token, body: { label: "Texte soumis" } })).body;
    expect((await server.api("POST", `/api/charters/${charterId}/freeze`, { token, body: { versionId: version.id, confirmPlaceholders: true } })).status).to.equal(200);
  });
  after(async function () {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  const open = (email: string) => openCharterAs(browser, server, charterId, email, contexts);
  const signingTab = async (page: Page) => {
    await page.getByRole("tab", { name: "Approbation et signature" }).click();
    await page.getByRole("heading", { name: "Approbation et signature" }).waitFor();
  };
  const row = (page: Page, name: RegExp) => page.getByRole("row", { name });
  async function expectAccessible(page: Page, what: string) {
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = results.violations.filter((v) => v.impact == "serious" || v.impact == "critical");
    expect(blocking.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), what).to.deep.equal([]);
  }

  it("takes the charter from frozen to signed through each organisation's screens", async function () {
    // The préfet's list says the charter awaits their approval.
    const prefet = await open("signataire@example.org");
    await prefet.goto(server.url + "/");
    await prefet.getByRole("region", { name: "En attente de votre part" }).getByText("À approuver").waitFor();
    await prefet.getByRole("region", { name: "En attente de votre part" }).getByRole("link", { name: "Charte à deux signataires" }).click();
    await prefet.locator(".frozen-text").waitFor();
    await signingTab(prefet);
    await expectAccessible(prefet, "the signing panel of a signatory");

    // Asks for changes on article 1, then approves.
    await prefet.getByRole("button", { name: "Demander des modifications" }).click();
    const ask = prefet.getByRole("dialog", { name: "Demander des modifications" });
    await ask.getByLabel("Modifications demandées").fill("Préciser le rôle de la CCAPEX.");
    await ask.getByRole("checkbox", { name: /^Article 1 —/ }).check();
    await ask.getByRole("button", { name: "Envoyer la demande" }).click();
    await row(prefet, /Préfecture/).getByText("Modifications demandées").waitFor();
    expect(await row(prefet, /Préfecture/).textContent()).to.contain("Préciser le rôle de la CCAPEX.").and.contain("article 1");
    await prefet.getByRole("button", { name: "Approuver la version" }).click();
    await prefet.getByRole("dialog", { name: /^Approuver la version/ }).getByRole("button", { name: "Approuver" }).click();
    await row(prefet, /Préfecture/).getByText("Approuvée").waitFor();
    // Decided: approving again is not offered; changing its mind still is, as a secondary action.
    await prefet.getByText("Décision de l'organisation Préfecture", { exact: false }).waitFor();
    expect(await prefet.getByRole("button", { name: "Approuver la version" }).count()).to.equal(0);
    expect(await prefet.getByRole("button", { name: "Demander des modifications" }).getAttribute("class")).to.contain("button-secondary");

    const caf = await open("signataire.caf@example.org");
    await signingTab(caf);
    await caf.getByRole("button", { name: "Approuver la version" }).click();
    await caf.getByRole("dialog", { name: /^Approuver la version/ }).getByRole("button", { name: "Approuver" }).click();
    await row(caf, /CAF/).getByText("Approuvée").waitFor();

    // The pilot sees both approvals (announced live) and opens signing.
    const pilot = await open("pilote@example.org");
    await signingTab(pilot);
    await pilot.getByRole("button", { name: "Ouvrir la signature" }).click();
    await pilot.getByRole("dialog", { name: "Ouvrir la signature" }).getByRole("button", { name: "Ouvrir la signature" }).click();
    await pilot.getByText("Signature de la version", { exact: false }).waitFor();
    expect(await row(pilot, /Préfecture/).getByRole("link", { name: /Relancer/ }).getAttribute("href")).to.match(/^mailto:signataire@example\.org\?subject=/);

    // The préfet signs by drawing, par délégation.
    await prefet.reload();
    await signingTab(prefet);
    await prefet.getByRole("button", { name: /^Signer pour l'organisation Préfecture/ }).click();
    const dialog = prefet.getByRole("dialog", { name: /^Signer la version/ });
    await dialog.getByLabel("Votre mot de passe").fill("pas-le-bon");
    await dialog.getByRole("checkbox", { name: /^J'ai lu la version/ }).check();
    await dialog.getByRole("button", { name: "Signer" }).click();
    await dialog.getByText("Mot de passe incorrect").waitFor();
    await expectAccessible(prefet, "the signing dialog with an error");
    await dialog.getByLabel("Votre mot de passe").fill(DEMO_PASSWORD);
    await dialog.getByLabel("Je signe par délégation").check();
    await dialog.getByLabel("Référence de l'acte de délégation").fill("Arrêté préfectoral n° 2026-DDETS-12");
    await dialog.getByLabel("Tracer ma signature (souris, doigt ou stylet)").check();
    const pad = dialog.locator("canvas.signature-pad");
    const box = (await pad.boundingBox())!;
    await prefet.mouse.move(box.x + 20, box.y + 60);
    await prefet.mouse.down();
    for (let i = 1; i <= 10; i++) await prefet.mouse.move(box.x + 20 + i * 25, box.y + 60 + (i % 2 ? -25 : 25));
    await prefet.mouse.up();
    await dialog.getByRole("button", { name: "Signer" }).click();
    await prefet.getByText("Vous avez signé la charte au nom de l'organisation Préfecture", { exact: false }).first().waitFor();
    await row(prefet, /Préfecture/).getByText(/Signée le .* par Philippe Garnier/).waitFor();

    // The CAF's director signs with the keyboard only, by typing their name.
    await caf.reload();
    await signingTab(caf);
    await caf.getByRole("button", { name: /^Signer pour l'organisation CAF/ }).focus();
    await caf.keyboard.press("Enter");
    const cafDialog = caf.getByRole("dialog", { name: /^Signer la version/ });
    await cafDialog.getByLabel("Votre mot de passe").focus();
    await caf.keyboard.type(DEMO_PASSWORD);
    await cafDialog.getByRole("checkbox", { name: /^J'ai lu la version/ }).focus();
    await caf.keyboard.press("Space");
    await cafDialog.getByRole("button", { name: "Signer" }).focus();
    await caf.keyboard.press("Enter");
    await caf.getByText(/Charte signée par les 2 organisations : en vigueur du/).waitFor();

    const charter = (await server.api("GET", `/api/charters/${charterId}`, { token: await server.login("pilote@example.org") })).body.charter;
    expect(charter.state).to.equal("signed");
    const stored = await server.services.db("signatures").where({ charter_id: charterId }).orderBy("signed_at");
    expect(stored.map((s) => s.mode)).to.deep.equal(["drawn", "typed"]);
    expect(stored[0].delegation).to.equal("Arrêté préfectoral n° 2026-DDETS-12");
    expect(JSON.parse(stored[0].image).strokes[0].length).to.be.greaterThan(3);
    expect(stored[1].typed_name).to.equal("Marc Lefèvre");
    await pilot.getByText(/En vigueur du/).first().waitFor();
    // The consent names the organisation as French wants it, whatever its name.
    expect(stored[0].consent_text).to.contain("au nom de l'organisation Préfecture");
    // The text it signed is called so.
    await pilot.getByRole("tab", { name: "Texte" }).click();
    await pilot.getByRole("heading", { name: /^Texte signé : version V\d+ « / }).waitFor();
    await signingTab(pilot);

    // The evidence file is downloaded from the panel, and read as an independent reader would.
    const [download] = await Promise.all([pilot.waitForEvent("download"), pilot.getByRole("button", { name: "Fichier de preuve (PDF)" }).click()]);
    const path = join(tmpdir(), `preuve-${randomUUID()}.pdf`);
    await download.saveAs(path);
    const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
    rmSync(path, { force: true });
    expect(text).to.contain("Philippe Garnier").and.contain("Marc Lefèvre").and.contain("Arrêté préfectoral n° 2026-DDETS-12");

    // So is the signed PDF, which poppler finds intact and wholly signed.
    const [signedPdf] = await Promise.all([pilot.waitForEvent("download"), pilot.getByRole("button", { name: "Charte signée (PDF)" }).click()]);
    const pdfPath = join(tmpdir(), `charte-${randomUUID()}.pdf`);
    await signedPdf.saveAs(pdfPath);
    const report = pdfsig(readFileSync(pdfPath));
    expect(report.length).to.be.greaterThan(2);
    expect(report.every((sig) => sig.valid)).to.equal(true);
    expect(report.at(-1)!.totalDocumentSigned).to.equal(true);
    expect(execFileSync("pdftotext", [pdfPath, "-"], { encoding: "utf8" })).to.contain("Marc Lefèvre");
    const pdf = readFileSync(pdfPath);
    rmSync(pdfPath, { force: true });

    // Anyone checks it on /verifier, without an account; a copy with one byte changed is refused.
    const visitor = await (await browser.newContext({ locale: "fr-FR" })).newPage();
    await visitor.goto(`${server.url}/verifier`);
    await visitor.getByLabel("Choisir le fichier PDF à vérifier").setInputFiles({ name: "charte-signee.pdf", mimeType: "application/pdf", buffer: pdf });
    await visitor.getByText("« charte-signee.pdf » est intact").waitFor();
    const altered = Buffer.from(pdf);
    // A byte of the signed text (the signer's name where the file holds it as such, else a third of the way in).
    const named = altered.indexOf("Marc Lef");
    const at = named >= 0 ? named : Math.floor(altered.length / 3);
    altered[at] ^= 0x01;
    await visitor.getByLabel("Choisir le fichier PDF à vérifier").setInputFiles({ name: "copie-modifiee.pdf", mimeType: "application/pdf", buffer: altered });
    await visitor.getByText("« copie-modifiee.pdf » n'est pas une charte signée intacte.").waitFor();
    await visitor.context().close();
  });
});
