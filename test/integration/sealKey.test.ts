import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlatformSeal } from "../../server/domain/signing/seal/platformSeal.js";
import { loadConfig, ConfigError } from "../../server/config.js";

/** The platform seal: made once into the data folder (private key 0600), or read from a configured PKCS#12 file. */
describe("the platform seal key", function () {
  this.timeout(30000);

  it("is made on first use into DATA_DIR, private, and the same key afterwards", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "charte-seal-"));
    const config = { dataDir, publicUrl: "https://charte.example.fr", sealP12Path: null, sealP12Password: null };
    const first = await new PlatformSeal(config).key();
    expect(first.subject).to.equal("Charte — cachet de la plateforme");
    expect(statSync(join(dataDir, "seal-key.pem")).mode & 0o777).to.equal(0o600);
    expect(first.certificateSha256).to.equal(createHash("sha256").update(readFileSync(join(dataDir, "seal-cert.der"))).digest("hex"));
    const again = await new PlatformSeal(config).key();
    expect(again.certificateSha256).to.equal(first.certificateSha256);
    const text = execFileSync("openssl", ["x509", "-inform", "DER", "-in", join(dataDir, "seal-cert.der"), "-noout", "-subject", "-ext", "keyUsage"], { encoding: "utf8" });
    expect(text).to.include("https://charte.example.fr");
    expect(text).to.include("Digital Signature, Non Repudiation");
  });

  it("is read from SEAL_P12_PATH with its password, and a missing file is a configuration error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charte-p12-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "k.pem"), "-out", join(dir, "c.pem"), "-days", "30", "-subj", "/CN=Cachet de la préfecture"], { stdio: "ignore" });
    execFileSync("openssl", ["pkcs12", "-export", "-inkey", join(dir, "k.pem"), "-in", join(dir, "c.pem"), "-out", join(dir, "seal.p12"), "-passout", "pass:secret"], { stdio: "ignore" });
    const config = loadConfig({ SEAL_P12_PATH: join(dir, "seal.p12"), SEAL_P12_PASSWORD: "secret", JWT_SECRET: "x".repeat(40) }, { dataDir: dir });
    const seal = await new PlatformSeal(config).key();
    const der = execFileSync("openssl", ["x509", "-in", join(dir, "c.pem"), "-outform", "DER"]);
    expect(seal.certificateSha256).to.equal(createHash("sha256").update(der).digest("hex"));
    let wrong: unknown;
    await new PlatformSeal({ ...config, sealP12Password: "faux" }).key().catch((err) => (wrong = err));
    expect(wrong).to.be.instanceOf(Error);
    expect(() => loadConfig({ SEAL_P12_PATH: join(dir, "absent.p12"), JWT_SECRET: "x".repeat(40) }, { dataDir: dir })).to.throw(ConfigError, /SEAL_P12_PATH/);
  });
});
