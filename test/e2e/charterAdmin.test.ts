import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { launchBrowser, openCharterAs } from "../helpers/browser.js";
import { clauseText } from "../helpers/collab.js";
import { demoCharterId, freshCharter } from "../helpers/fixtures.js";
import { loadStoredYDoc } from "../../server/domain/documents.js";
import { checkpointSaver } from "../../server/domain/versions/versionSaver.js";

/*
 * The pilots' administration of a charter, the history's checkpoint filter and
 * the journal, in the browser against the real server and the built client
 * (`dist/`). Screenshots of the history and the journal go to SCREENSHOTS_DIR
 * when it is set, to be looked at.
 */

const shots = process.env.SCREENSHOTS_DIR;

describe("renaming, archiving, deleting a charter, checkpoints and the journal in the browser", function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let charterId: string;
  let pilot: Page;
  let editor: Page;
  const contexts: BrowserContext[] = [];

  before(async function () {
    server = await startTestServer();
    charterId = await demoCharterId(server);
    const token = await server.login("pilote@example.org");
    // A named version, then a checkpoint as the collaboration server takes one when the last editor leaves.
    await server.api("POST", `/api/charters/${charterId}/versions`, { token, body: { label: "Premier jet" } });
    const doc = await loadStoredYDoc(server.services.db, charterId);
    clauseText(doc).insert(0, "Modifié ");
    await checkpointSaver(server.services, charterId, doc);
    doc.destroy();
    browser = await launchBrowser();
    pilot = await openCharterAs(browser, server, charterId, "pilote@example.org", contexts);
    editor = await openCharterAs(browser, server, charterId, "redacteur@example.org", contexts);
  });

  after(async function () {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  const tab = (page: Page, name: string) => page.getByRole("tab", { name, exact: true });

  it("renames the charter from its page; an editor with it open sees the new title in the text", async function () {
    expect(await editor.getByRole("button", { name: "Renommer" }).count()).to.equal(0);
    await pilot.getByRole("button", { name: "Renommer" }).click();
    const dialog = pilot.getByRole("dialog", { name: "Renommer la charte" });
    await dialog.getByLabel("Nouveau titre").fill("Charte de prévention des expulsions — Maine-et-Loire");
    await dialog.getByRole("button", { name: "Renommer", exact: true }).click();
    await pilot.getByRole("heading", { level: 1, name: "Charte de prévention des expulsions — Maine-et-Loire" }).first().waitFor();
    // In the live text (which shows its title node hidden, the page heading being the title), and in the editor's page heading.
    await editor.locator(".ProseMirror h1.charter-title", { hasText: "Charte de prévention des expulsions — Maine-et-Loire" }).waitFor({ state: "attached" });
    await editor.getByRole("heading", { level: 1, name: "Charte de prévention des expulsions — Maine-et-Loire" }).first().waitFor();
  });

  it("hides the automatic checkpoints in the history until asked", async function () {
    await tab(pilot, "Historique").click();
    const items = pilot.locator(".version-item");
    await items.first().waitFor();
    expect(await items.locator(".version-number").allTextContents()).to.deep.equal(["V1"]);
    const filter = pilot.getByLabel(/^Afficher les points de sauvegarde automatiques/);
    expect(await filter.isChecked()).to.equal(false);
    await filter.check();
    await pilot.locator(".version-number", { hasText: /^Point de sauvegarde du / }).first().waitFor();
    expect((await items.locator(".version-number").allTextContents()).at(-1)).to.equal("V1");
    if (shots) await pilot.screenshot({ path: `${shots}/history.png`, fullPage: true });
  });

  it("shows the journal in French, with filters on who and what", async function () {
    await pilot.goto(`${server.url}/chartes/${charterId}/membres`);
    const table = pilot.getByRole("table", { name: /^Journal de la charte/ });
    await table.waitFor();
    await pilot.getByRole("cell", { name: /^A renommé la charte/ }).waitFor();
    await pilot.getByRole("cell", { name: "A enregistré la version V1 « Premier jet »." }).waitFor();
    await pilot.getByLabel("Quoi").selectOption({ label: "Versions, restaurations et approbation" });
    await pilot.getByRole("button", { name: "Filtrer" }).click();
    await pilot.getByRole("cell", { name: /^A renommé la charte/ }).waitFor({ state: "detached" });
    const sentences = await table.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(sentences.length).to.be.greaterThan(0);
    for (const s of sentences) expect(s).to.match(/^A (enregistré|pris un point de sauvegarde)/);
    await pilot.getByLabel("Qui").selectOption({ label: "Claire Martin" });
    await pilot.getByRole("button", { name: "Filtrer" }).click();
    await pilot.getByRole("status").filter({ hasText: "1 événement · page 1 sur 1" }).waitFor();
    await pilot.getByRole("button", { name: "Tout afficher" }).click();
    await pilot.getByRole("cell", { name: /^A renommé la charte/ }).waitFor();
    // Days: tomorrow on, nothing; today, everything again.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date(Date.now() + 86_400_000));
    await pilot.getByLabel("Du", { exact: true }).fill(tomorrow);
    await pilot.getByRole("button", { name: "Filtrer" }).click();
    await pilot.getByRole("status").filter({ hasText: "Aucun événement ne correspond." }).waitFor();
    await pilot.getByLabel("Du", { exact: true }).fill(today);
    await pilot.getByLabel("Au", { exact: true }).fill(today);
    await pilot.getByRole("button", { name: "Filtrer" }).click();
    await pilot.getByRole("cell", { name: /^A renommé la charte/ }).waitFor();
    await pilot.getByRole("button", { name: "Tout afficher" }).click();
    if (shots) await pilot.locator("section", { has: pilot.getByRole("heading", { name: "Journal" }) }).screenshot({ path: `${shots}/journal.png` });
  });

  it("says why the journal refuses an inverted range, next to the date, and keeps the previous list said to be so", async function () {
    await pilot.goto(`${server.url}/chartes/${charterId}/membres`);
    await pilot.getByRole("cell", { name: /^A créé la charte/ }).waitFor();
    const count = await pilot.locator(".journal-count").textContent();
    await pilot.getByLabel("Du", { exact: true }).fill("2026-12-31");
    await pilot.getByLabel("Au", { exact: true }).fill("2026-01-01");
    await pilot.getByRole("button", { name: "Filtrer" }).click();
    const to = pilot.getByLabel("Au", { exact: true });
    await pilot.locator("#journal-to-error", { hasText: "La date de fin précède la date de début." }).waitFor();
    expect(await to.getAttribute("aria-invalid")).to.equal("true");
    expect(await to.getAttribute("aria-describedby")).to.equal("journal-to-error");
    expect(await to.evaluate((input) => input == document.activeElement), "the focus goes to the field at fault").to.equal(true);
    await pilot.getByRole("status").filter({ hasText: `Recherche non effectuée : le journal ci-dessous est celui de la recherche précédente. ${count}` }).waitFor();
    await pilot.getByRole("cell", { name: /^A créé la charte/ }).waitFor();
    if (shots) await pilot.locator("section", { has: pilot.getByRole("heading", { name: "Journal" }) }).screenshot({ path: `${shots}/journal-inverted-range.png` });
    await pilot.getByRole("button", { name: "Tout afficher" }).click();
    await pilot.locator("#journal-to-error").waitFor({ state: "detached" });
    await pilot.getByRole("status").filter({ hasText: new RegExp(`^${count}$`) }).waitFor();
  });

  it("shows the journal's other refusals too, above the previous list (the charter deleted meanwhile)", async function () {
    const gone = await freshCharter(server);
    await pilot.goto(`${server.url}/chartes/${gone}/membres`);
    await pilot.getByRole("cell", { name: /^A créé la charte/ }).waitFor();
    const token = await server.login("pilote@example.org");
    expect((await server.api("DELETE", `/api/charters/${gone}`, { token })).status).to.equal(200);
    const refusal = await server.api("GET", `/api/charters/${gone}/audit?kind=members`, { token });
    expect(refusal.status).to.equal(404);
    await pilot.getByLabel("Quoi").selectOption({ label: "Membres et invitations" });
    await pilot.getByRole("button", { name: "Filtrer" }).click();
    await pilot.getByRole("alert").filter({ hasText: refusal.body.error.message }).waitFor();
    await pilot.getByRole("status").filter({ hasText: /^Recherche non effectuée : le journal ci-dessous est celui de la recherche précédente\. / }).waitFor();
    await pilot.getByRole("cell", { name: /^A créé la charte/ }).waitFor();
  });

  it("elides « de » before a member's name that starts with a vowel", async function () {
    await pilot.goto(`${server.url}/chartes/${charterId}/membres`);
    await pilot.getByLabel("Rôle d'Antoine Girard", { exact: true }).waitFor();
    await pilot.getByLabel("Rôle d'Émilie Roux", { exact: true }).waitFor();
    await pilot.getByRole("button", { name: "Modifier le rôle d'Isabelle Chevalier" }).waitFor();
    await pilot.getByLabel("Rôle de Julien Bernard", { exact: true }).waitFor();
    expect(await pilot.getByText(/\bde [AEIOUÉ]/).count()).to.equal(0);
  });

  it("archives the charter: read-only for the editor at once; then brings it back", async function () {
    await pilot.goto(`${server.url}/chartes/${charterId}`);
    await pilot.getByRole("button", { name: "Archiver" }).click();
    await pilot.getByRole("dialog", { name: "Archiver la charte ?" }).getByRole("button", { name: "Archiver" }).click();
    await pilot.locator(".facts").getByText("Archivée").waitFor();
    await editor.locator('.document-editor .ProseMirror[contenteditable="false"]').waitFor();
    await editor.getByRole("note").filter({ hasText: "Charte archivée : elle est en lecture seule pour tout le monde." }).waitFor();
    if (shots) await pilot.screenshot({ path: `${shots}/archived.png` });
    await pilot.goto(`${server.url}/`);
    await pilot.getByRole("region", { name: "Chartes archivées" }).getByRole("link", { name: /Maine-et-Loire/ }).click();
    await pilot.getByRole("button", { name: "Désarchiver" }).click();
    await pilot.getByRole("dialog", { name: "Désarchiver la charte ?" }).getByRole("button", { name: "Désarchiver" }).click();
    await pilot.locator(".facts").getByText("En rédaction").waitFor();
    await editor.locator('.document-editor .ProseMirror[contenteditable="true"]').waitFor();
  });

  it("deletes a charter only once its title is typed, then shows the charters left", async function () {
    const other = await freshCharter(server);
    await pilot.goto(`${server.url}/chartes/${other}`);
    await pilot.getByRole("heading", { level: 1, name: "Charte de test" }).first().waitFor();
    await pilot.getByRole("button", { name: "Supprimer" }).click();
    const dialog = pilot.getByRole("dialog", { name: "Supprimer définitivement la charte ?" });
    await dialog.getByRole("button", { name: "Supprimer la charte" }).click();
    await dialog.getByText("Recopiez exactement le titre de la charte pour confirmer.").waitFor();
    await dialog.getByLabel(/^Pour confirmer, recopiez le titre/).fill("Charte de test");
    await dialog.getByRole("button", { name: "Supprimer la charte" }).click();
    await pilot.getByRole("heading", { level: 1, name: "Mes chartes" }).waitFor();
    expect(await pilot.getByRole("link", { name: "Charte de test" }).count()).to.equal(0);
    expect(await server.services.db("charters").where({ id: other })).to.have.length(0);
  });
});
