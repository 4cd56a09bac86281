import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";

/*
 * The platform seal is checked at start-up on a worker thread (the signing
 * libraries stay out of the server's memory until something is signed): a
 * first start makes it, a bad PKCS#12 file stops the start, as before.
 */
describe("platform seal at start-up", function () {
  this.timeout(60000);
  let folder: string;
  let server: ServerProcess | null = null;
  beforeEach(() => { folder = mkdtempSync(join(tmpdir(), "charte-seal-start-")); });
  afterEach(async () => {
    await server?.kill("SIGTERM");
    server = null;
    rmSync(folder, { recursive: true, force: true });
  });

  it("makes the seal on first start, logs its certificate's fingerprint, and signs with that same key later", async () => {
    const dataDir = join(folder, "data");
    server = await startServerProcess({ PORT: String(await freePort()), DATA_DIR: dataDir });
    const certificate = readFileSync(join(dataDir, "seal-cert.der"));
    const fingerprint = createHash("sha256").update(certificate).digest("hex");
    expect(server.output()).to.include(`certificate SHA-256 ${fingerprint}`);
    expect(statSync(join(dataDir, "seal-key.pem")).mode & 0o777).to.equal(0o600);
    // The key the server loads on demand is the one the start-up check made.
    const answer = await (await fetch(`${server.url}/api/verify`)).json();
    expect(answer.seal.certificateSha256).to.equal(fingerprint);
  });

  it("refuses to start with a PKCS#12 file that cannot be read, naming the variables to check", async () => {
    const p12 = join(folder, "seal.p12");
    writeFileSync(p12, "not a PKCS#12 file");
    const start = startServerProcess({ PORT: String(await freePort()), DATA_DIR: join(folder, "data"), SEAL_P12_PATH: p12, SEAL_P12_PASSWORD: "x" });
    const error = await start.then(() => null, (err: Error) => err);
    expect(error?.message).to.match(/server exited with 1/);
    expect(error?.message).to.match(/platform seal could not be loaded .*SEAL_P12_PATH and SEAL_P12_PASSWORD/s);
  });
});
