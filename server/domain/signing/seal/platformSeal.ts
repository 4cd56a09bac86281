import { createHash, webcrypto } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CryptoKeySigner, P12Signer, type Signer } from "@libpdf/core";
import type { Config } from "../../../config.js";
import { ensurePrivateDir, tightenIfPresent } from "../../../store/privateFiles.js";

/**
 * The platform's seal: the key every signature of a charter is made with
 * (a simple electronic signature sealed by the platform, as Documenso and
 * DocuSeal do), and its certificate, whose SHA-256 the verifier pins.
 *
 * Either a PKCS#12 file given in the configuration (`SEAL_P12_PATH`,
 * `SEAL_P12_PASSWORD`), or a key and a self-signed certificate made on first
 * start into the data folder (`seal-key.pem`, private, and `seal-cert.der`).
 */
export interface SealKey {
  signer: Signer;
  /** DER of the signing certificate. */
  certificate: Uint8Array;
  /** Lowercase hex SHA-256 of the certificate's DER: what the verifier trusts. */
  certificateSha256: string;
  /** The certificate's subject common name. */
  subject: string;
}

/** The name the generated certificate gives the platform. */
export const SEAL_COMMON_NAME = "Charte — cachet de la plateforme";

const KEY_FILE = "seal-key.pem";
/** The generated certificate, in the data folder. */
export const SEAL_CERT_FILE = "seal-cert.der";

/** Loads the seal once per server (and makes it on first start). */
export class PlatformSeal {
  private loading: Promise<SealKey> | null = null;
  constructor(private readonly config: Pick<Config, "dataDir" | "publicUrl" | "sealP12Path" | "sealP12Password">) {}

  key(): Promise<SealKey> {
    this.loading ??= loadSeal(this.config).catch((err) => {
      this.loading = null;
      throw err;
    });
    return this.loading;
  }
}

async function loadSeal(config: Pick<Config, "dataDir" | "publicUrl" | "sealP12Path" | "sealP12Password">): Promise<SealKey> {
  if (config.sealP12Path) {
    const signer = await P12Signer.create(new Uint8Array(readFileSync(config.sealP12Path)), config.sealP12Password ?? "");
    return describe(signer);
  }
  ensurePrivateDir(config.dataDir);
  const keyFile = join(config.dataDir, KEY_FILE);
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
  return { signer, certificate, certificateSha256: sha256(certificate), subject: commonName(certificate) };
}

/** SHA-256 of a certificate's DER, lowercase hex. */
export function certificateFingerprint(der: Uint8Array): string {
  return sha256(der);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

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
