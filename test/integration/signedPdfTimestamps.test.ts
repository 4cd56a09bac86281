import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { charterAt } from "../helpers/signingFixtures.js";
import { pdfsig } from "../helpers/pdfTools.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { verifyPdfSignatures } from "../../server/domain/signing/verify/pdfSignatureVerifier.js";

/**
 * PAdES B-T: with `TSA_URL`, each signature carries an RFC 3161 timestamp
 * from the authority (here `openssl ts -reply` behind a small HTTP handler on
 * loopback); an authority that keeps failing is recorded on the signature and
 * in the audit log, and the signature is still made, without a timestamp.
 */

/** A local RFC 3161 authority: openssl's, with a throw-away certificate for time-stamping. */
function startTsa(): Promise<{ url: string; server: Server; requests: () => number }> {
  const dir = mkdtempSync(join(tmpdir(), "charte-tsa-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "tsa.key"), "-out", join(dir, "tsa.crt"), "-days", "30", "-subj", "/CN=Autorite d'horodatage de test", "-addext", "extendedKeyUsage=critical,timeStamping"], { stdio: "ignore" });
  writeFileSync(join(dir, "serial"), "01\n");
  writeFileSync(join(dir, "tsa.cnf"), [
    "[ tsa ]", "default_tsa = test", "[ test ]", `dir = ${dir}`, "serial = $dir/serial", "crypto_device = builtin", "signer_cert = $dir/tsa.crt", "signer_key = $dir/tsa.key",
    "signer_digest = sha256", "default_policy = 1.2.3.4.1", "digests = sha256, sha384, sha512", "accuracy = secs:1", "ordering = yes", "tsa_name = no", "ess_cert_id_chain = no", "ess_cert_id_alg = sha256", "",
  ].join("\n"));
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      count++;
      const query = join(dir, `q${count}.tsq`);
      const reply = join(dir, `r${count}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      execFileSync("openssl", ["ts", "-reply", "-config", join(dir, "tsa.cnf"), "-queryfile", query, "-out", reply], { stdio: "ignore" });
      res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(readFileSync(reply));
    });
  });
  return listenOn(server, () => count);
}

/** An authority that always fails. */
function startBrokenTsa() {
  let count = 0;
  const server = createServer((_req, res) => {
    count++;
    res.writeHead(503).end("indisponible");
  });
  return listenOn(server, () => count);
}

function listenOn(server: Server, requests: () => number): Promise<{ url: string; server: Server; requests: () => number }> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}/tsr`, server, requests });
  }));
}

for (const kind of databaseKinds()) describe(`timestamps of the signed PDF on ${kind.name}`, function () {
  this.timeout(120000);

  /** Signs the first organisation of a new charter open for signing; returns its signature row and the signed PDF. */
  async function signOnce(server: TestServer) {
    const { charterId, versionHash } = await charterAt(server, await demoCharterId(server), "signing");
    const member = await server.services.db("memberships").join("users", "users.id", "memberships.user_id").where({ "memberships.charter_id": charterId, "memberships.role": "signatory" }).first("users.email");
    const res = await server.api("POST", `/api/charters/${charterId}/signatures`, {
      token: await server.login(member.email), body: { versionHash, password: DEMO_PASSWORD, capacity: "Directeur", consent: true, mode: "typed", typedName: "Nom Prénom" },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const row = await server.services.db("signatures").where({ id: res.body.signature.id }).first();
    const pdf = Buffer.from((await server.services.db("signed_pdfs").where({ charter_id: charterId }).first()).pdf);
    return { charterId, row, pdf };
  }

  it("carries an RFC 3161 timestamp from the configured authority (PAdES B-T)", async () => {
    const tsa = await startTsa();
    const server = await startTestServer({ database: kind, config: { tsaUrl: tsa.url } });
    try {
      const { row, pdf } = await signOnce(server);
      expect(row.timestamp_status).to.equal("timestamped");
      expect(tsa.requests()).to.equal(1);
      const [signature] = pdfsig(pdf);
      expect(signature.valid, signature.validation).to.equal(true);
      const verified = await verifyPdfSignatures(pdf, [(await server.services.seal.key()).certificateSha256]);
      expect(verified.valid, verified.message).to.equal(true);
      const time = Date.parse(verified.signatures[0].timestampTime!);
      expect(Math.abs(time - Date.parse(row.signed_at))).to.be.below(60_000);
    } finally {
      await server.close();
      tsa.server.close();
    }
  });

  it("records a failing authority after its retries, and signs without a timestamp rather than a made-up one", async () => {
    const tsa = await startBrokenTsa();
    const server = await startTestServer({ database: kind, config: { tsaUrl: tsa.url } });
    try {
      const { charterId, row, pdf } = await signOnce(server);
      expect(tsa.requests()).to.equal(3);
      expect(row.timestamp_status).to.equal("failed");
      expect(row.timestamp_error).to.match(/horodatage RFC 3161 a échoué \(3 essais\)/);
      const audit = await server.services.db("audit_events").where({ charter_id: charterId, action: "signature.timestamp_failed" });
      expect(audit).to.have.length(1);
      expect(pdfsig(pdf)[0].valid).to.equal(true);
      const verified = await verifyPdfSignatures(pdf, [(await server.services.seal.key()).certificateSha256]);
      expect(verified.valid).to.equal(true);
      expect(verified.signatures[0].timestampTime).to.equal(null);
    } finally {
      await server.close();
      tsa.server.close();
    }
  });
});
