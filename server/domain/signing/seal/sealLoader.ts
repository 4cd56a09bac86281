import { webcrypto } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CryptoKeySigner, P12Signer, type Signer } from "@libpdf/core";
import { ensurePrivateDir, tightenIfPresent } from "../../../store/privateFiles.js";
import { SEAL_CERT_FILE, SEAL_COMMON_NAME, SEAL_KEY_FILE, certificateFingerprint, type SealConfig, type SealKey } from "./platformSeal.js";

/** Reads (or, on first start, makes) the platform's seal key: loaded only when something is signed. */
export async function loadSeal(config: SealConfig): Promise<SealKey> {
  if (config.sealP12Path) {
    const signer = await P12Signer.create(new Uint8Array(readFileSync(config.sealP12Path)), config.sealP12Password ?? "");
    return describe(signer);
  }
  ensurePrivateDir(config.dataDir);
  const keyFile = join(config.dataDir, SEAL_KEY_FILE);
  const certFile = join(config.dataDir, SEAL_CERT_FILE);
  if (!existsSync(keyFile) || !existsSync(certFile)) await generateSeal(keyFile, certFile, config.publicUrl);
  tightenIfPresent(keyFile);
  const subtle = webcrypto.subtle;
  const pem = readFileSync(keyFile, "utf8");
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""), "base64");
  const privateKey = await subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  const certificate = new Uint8Array(readFileSync(certFile));
  return describe(new CryptoKeySigner(privateKey as CryptoKey, certificate, "RSA", "RSASSA-PKCS1-v1_5"));
}

function describe(signer: Signer): SealKey {
  const certificate = signer.certificate;
  return { signer, certificate, certificateSha256: certificateFingerprint(certificate), subject: commonName(certificate) };
}

/** An RSA-2048 key and a ten-year self-signed certificate naming the platform and its address. */
async function generateSeal(keyFile: string, certFile: string, publicUrl: string): Promise<void> {
  const subtle = webcrypto.subtle;
  const keys = (await subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: webcrypto.getRandomValues(new Uint8Array(16)).map((b, i) => (i == 0 ? b & 0x7f : b)).buffer });
  const name = [
    ["2.5.4.3", SEAL_COMMON_NAME],
    ["2.5.4.10", "Charte"],
    ["2.5.4.11", publicUrl.slice(0, 64)],
    ["2.5.4.6", "FR"],
  ] as const;
  for (const [type, value] of name) {
    const attribute = () => new pkijs.AttributeTypeAndValue({ type, value: type == "2.5.4.6" ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }) });
    cert.subject.typesAndValues.push(attribute());
    cert.issuer.typesAndValues.push(attribute());
  }
  const start = new Date();
  cert.notBefore.value = start;
  cert.notAfter.value = new Date(Date.UTC(start.getUTCFullYear() + 10, start.getUTCMonth(), start.getUTCDate()));
  cert.extensions = [
    new pkijs.Extension({ extnID: "2.5.29.19", critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false), parsedValue: new pkijs.BasicConstraints({ cA: false }) }),
    // digitalSignature and nonRepudiation (contentCommitment).
    new pkijs.Extension({ extnID: "2.5.29.15", critical: true, extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 }).toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign(keys.privateKey, "SHA-256");
  const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey));
  const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PRIVATE KEY-----\n`;
  writeFileSync(keyFile, pem, { mode: 0o600, flag: "wx" });
  writeFileSync(certFile, Buffer.from(cert.toSchema(true).toBER(false)), { flag: "wx" });
}

function commonName(der: Uint8Array): string {
  try {
    const cert = pkijs.Certificate.fromBER(new Uint8Array(der));
    const cn = cert.subject.typesAndValues.find((t) => t.type == "2.5.4.3");
    return cn ? String(cn.value.valueBlock.value) : "";
  } catch {
    return "";
  }
}
