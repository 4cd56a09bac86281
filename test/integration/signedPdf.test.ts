import { expect } from "chai";
import { PDF, rgb } from "@libpdf/core";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { charterAt } from "../helpers/signingFixtures.js";
import { pdfsig, pdftotext } from "../helpers/pdfTools.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { verifyPdfSignatures } from "../../server/domain/signing/verify/pdfSignatureVerifier.js";
import { PlatformSeal } from "../../server/domain/signing/seal/platformSeal.js";
import { VERIFICATIONS_PER_MINUTE } from "../../server/http/routes/signedPdf.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Issue 10, the signed PDF: every organisation's signature is an incremental
 * PAdES signature of the platform seal, and a final seal covers the whole
 * file; poppler's pdfsig and our verifier agree on intact, altered and
 * appended files, on a real server and database.
 */
for (const kind of databaseKinds()) describe(`signed PDF on ${kind.name}`, function () {
  this.timeout(300000);
  let server: TestServer;
  let signatories: { organisationId: string; email: string; name: string }[];
  let signed: { charterId: string; versionHash: string; pdf: Buffer; midway: Buffer };

  const download = async (charterId: string) => {
    const res = await fetch(`${server.url}/api/charters/${charterId}/signed.pdf`, { headers: { authorization: `Bearer ${await server.login("lecteur@example.org")}` } });
    return { status: res.status, type: res.headers.get("content-type"), pdf: Buffer.from(await res.arrayBuffer()) };
  };
  const verify = async (pdf: Buffer) => {
    const res = await fetch(`${server.url}/api/verify`, { method: "POST", headers: { "content-type": "application/pdf" }, body: new Uint8Array(pdf) });
    return { status: res.status, body: await res.json() };
  };
  const pinned = async () => [(await server.services.seal.key()).certificateSha256];

  before(async () => {
    server = await startTestServer({ database: kind });
    const demo = await demoCharterId(server);
    const frozen = await charterAt(server, demo, "approved");
    expect((await download(frozen.charterId)).status, "before signing is opened").to.equal(409);
    const { charterId, versionHash } = await charterAt(server, demo, "signing");
    signatories = await server.services.db("memberships")
      .join("users", "users.id", "memberships.user_id")
      .join("organisations", "organisations.id", "memberships.organisation_id")
      .where({ "memberships.charter_id": charterId, "memberships.role": "signatory" })
      .select("memberships.organisation_id as organisationId", "users.email", "users.name");
    const seen = new Set<string>();
    signatories = signatories.filter((s) => !seen.has(s.organisationId) && seen.add(s.organisationId));
    const empty = await download(charterId);
    expect(empty.status).to.equal(200);
    expect(empty.type).to.equal("application/pdf");
    expect(pdfsig(empty.pdf)).to.have.length(0);
    let midway = Buffer.alloc(0);
    for (const [i, s] of signatories.entries()) {
      const token = await server.login(s.email);
      const drawn = i % 2 == 0;
      const res = await server.api("POST", `/api/charters/${charterId}/signatures`, {
        token,
        body: {
          versionHash, password: DEMO_PASSWORD, capacity: i == 0 ? "Secrétaire générale de la préfecture" : "Directeur", consent: true, timeZone: "Europe/Paris",
          ...(i == 0 ? { delegation: "Arrêté préfectoral n° 2026-117 du 3 mars 2026" } : {}),
          ...(drawn ? { mode: "drawn", image: { width: 400, height: 150, strokes: [[[20, 100], [80, 40], [140, 110], [220, 30], [300, 90]], [[60, 120], [340, 118]]] } } : { mode: "typed", typedName: s.name }),
        },
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      if (i == 2) midway = (await download(charterId)).pdf;
    }
    signed = { charterId, versionHash, pdf: (await download(charterId)).pdf, midway };
  });
  after(() => server.close());

  it("has one valid incremental PAdES signature per organisation and a final seal that covers the whole document (pdfsig)", () => {
    const report = pdfsig(signed.pdf);
    expect(report).to.have.length(signatories.length + 1);
    for (const s of report) {
      expect(s.valid, s.validation).to.equal(true);
      expect(s.type).to.equal("ETSI.CAdES.detached");
    }
    expect(report.slice(0, -1).every((s) => !s.totalDocumentSigned)).to.equal(true);
    expect(report.at(-1)!.totalDocumentSigned).to.equal(true);
  });

  it("holds every article heading, the version hash, each clause's hash and the signers' names as text (pdftotext)", async () => {
    const text = pdftotext(signed.pdf).replace(/\s+/g, " ");
    const version = await server.services.db("charter_versions").where({ hash: signed.versionHash }).first();
    const headings = JSON.stringify(JSON.parse(version.document)).match(/"type":"clause_heading","content":\[\{"type":"text","text":"([^"]+)"/g)!;
    expect(headings.length).to.be.greaterThan(5);
    for (const h of headings) expect(text).to.include(JSON.parse(`"${h.replace(/.*"text":"/, "").slice(0, -1)}"`).trim().slice(0, 40));
    expect(text).to.include(signed.versionHash);
    for (const s of signatories) expect(text).to.include(s.name);
    expect(text).to.include("Signé électroniquement le");
    expect(text).to.include("par délégation (Arrêté préfectoral n° 2026-117 du 3 mars 2026)");
    expect(text).to.include(`${server.url}/verifier`);
    expect(text).to.include("Empreinte de chaque article");
  });

  it("is intact for our verifier, for POST /api/verify (complete, every signer) and GET /api/verify/:hash", async () => {
    const offline = await verifyPdfSignatures(signed.pdf, await pinned());
    expect(offline.valid, offline.message).to.equal(true);
    expect(offline.versionHash).to.equal(signed.versionHash);
    expect(offline.charterId).to.equal(signed.charterId);
    // V1, as the charter calls it, not its place among the save points (2).
    expect(offline.versionNumber).to.equal(1);
    const res = await verify(signed.pdf);
    expect(res.status).to.equal(200);
    expect(res.body.valid, JSON.stringify(res.body)).to.equal(true);
    expect(res.body.complete).to.equal(true);
    expect(res.body.found.charter.id).to.equal(signed.charterId);
    expect(res.body.found.state).to.equal("signed");
    expect(res.body.found.version.number).to.equal(1);
    expect(res.body.signatures.map((s: { signer: string }) => s.signer).sort()).to.deep.equal(signatories.map((s) => s.name).sort());
    const byHash = await server.api("GET", `/api/verify/${signed.versionHash}`);
    expect(byHash.status).to.equal(200);
    expect(byHash.body.signatures).to.have.length(signatories.length);
    expect(JSON.stringify(byHash.body)).not.to.match(/@|"ip"|userAgent/);
    expect((await server.api("GET", `/api/verify/${"0".repeat(64)}`)).body.error.id).to.equal("unknown_hash");
    expect((await server.api("GET", "/api/verify/pas-une-empreinte")).status).to.equal(400);
  });

  it("keeps a copy downloaded during signing valid, as signed so far", async () => {
    expect(pdfsig(signed.midway).every((s) => s.valid)).to.equal(true);
    expect(signed.pdf.subarray(0, signed.midway.length).equals(signed.midway)).to.equal(true);
    const res = await verify(signed.midway);
    expect(res.body.valid, JSON.stringify(res.body)).to.equal(true);
    expect(res.body.complete).to.equal(false);
    expect(res.body.signatures).to.have.length(3);
  });

  it("is not valid once one byte is changed, in the text or in a signature (pdfsig and our verifier)", async () => {
    const text = signed.pdf.toString("latin1");
    const lastContents = text.lastIndexOf("/Contents <") + 20;
    for (const at of [Math.floor(signed.pdf.length * 0.1), Math.floor(signed.pdf.length * 0.5), lastContents]) {
      const altered = Buffer.from(signed.pdf);
      altered[at] = altered[at] == 0x30 ? 0x31 : 0x30;
      expect(pdfsig(altered).some((s) => !s.valid), `byte ${at}`).to.equal(true);
      const offline = await verifyPdfSignatures(altered, await pinned());
      expect(offline.valid).to.equal(false);
      expect(offline.reason, `byte ${at}`).to.equal("altered");
    }
    const res = await verify((() => { const b = Buffer.from(signed.pdf); b[1000] ^= 1; return b; })());
    expect(res.body).to.include({ valid: false, reason: "altered" });
  });

  it("says content was appended after the last signature when an incremental update is added", async () => {
    const pdf = await PDF.load(new Uint8Array(signed.pdf));
    pdf.getPage(0)!.drawText("Texte ajouté après signature", { x: 60, y: 60, size: 14, color: rgb(1, 0, 0) });
    const appended = Buffer.from(await pdf.save({ incremental: true }));
    const report = pdfsig(appended);
    expect(report.every((s) => s.valid)).to.equal(true);
    expect(report.at(-1)!.totalDocumentSigned).to.equal(false);
    const offline = await verifyPdfSignatures(appended, await pinned());
    expect(offline.reason).to.equal("appended");
    expect(offline.message).to.equal("Du contenu a été ajouté après la dernière signature : le fichier n'est plus celui qui a été signé.");
    expect((await verify(appended)).body).to.include({ valid: false, reason: "appended" });
  });

  it("says the key is unknown when someone signs it again with another key, and that an unsigned PDF is not a signed charter", async () => {
    const other = await new PlatformSeal({ dataDir: `${server.services.config.dataDir}/other-seal`, publicUrl: "http://ailleurs.example", sealP12Path: null, sealP12Password: null }).key();
    const pdf = await PDF.load(new Uint8Array(signed.pdf));
    const resigned = Buffer.from((await pdf.sign({ signer: other.signer, reason: "Autre clé" })).bytes);
    expect((await verifyPdfSignatures(resigned, await pinned())).reason).to.equal("unknown_key");
    expect((await verify(resigned)).body).to.include({ valid: false, reason: "unknown_key" });
    const res = await fetch(`${server.url}/api/charters/${signed.charterId}/export.pdf`, { headers: { authorization: `Bearer ${await server.login("lecteur@example.org")}` } });
    const plain = Buffer.from(await res.arrayBuffer());
    expect((await verify(plain)).body).to.include({ valid: false, reason: "not_signed_charter" });
    expect((await server.api("POST", "/api/verify", { rawBody: "", headers: { "content-type": "application/pdf" } })).body.error.id).to.equal("pdf_expected");
  });

  it("is checked offline by npm run verify: exit 0 when intact, 1 with the reason in French when not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charte-verify-"));
    const intact = join(dir, "signee.pdf");
    const appended = join(dir, "ajout.pdf");
    writeFileSync(intact, signed.pdf);
    const pdf = await PDF.load(new Uint8Array(signed.pdf));
    pdf.getPage(0)!.drawText("Ajout", { x: 60, y: 60, size: 14 });
    writeFileSync(appended, await pdf.save({ incremental: true }));
    // Against the seal in the server's data folder, as an operator would run it.
    const run = (file: string) => spawnSync("npx", ["tsx", "server/scripts/verifyPdf.ts", file], { encoding: "utf8", env: { ...process.env, DATA_DIR: server.services.config.dataDir, DATABASE_URL: "" } });
    const ok = run(intact);
    expect(ok.status, ok.stdout + ok.stderr).to.equal(0);
    expect(ok.stdout).to.include(`VALIDE : charte ${signed.charterId}`);
    const ko = run(appended);
    expect(ko.status).to.equal(1);
    expect(ko.stdout).to.include("NON VALIDE : Du contenu a été ajouté après la dernière signature");
  });

  it("limits the public verification per client address (429 with Retry-After)", async () => {
    let res: Response | undefined;
    for (let i = 0; i < VERIFICATIONS_PER_MINUTE + 1; i++) res = await fetch(`${server.url}/api/verify`, { method: "POST", headers: { "content-type": "application/pdf" }, body: "%PDF-1.7 rien" });
    expect(res!.status).to.equal(429);
    expect(Number(res!.headers.get("retry-after"))).to.be.greaterThan(0);
    expect((await res!.json()).error.message).to.match(/^Trop de vérifications/);
  });
});
