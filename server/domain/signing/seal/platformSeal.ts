import { createHash } from "node:crypto";
import type { Signer } from "@libpdf/core";
import type { Config } from "../../../config.js";
import { startWorker } from "../../../startWorker.js";

/**
 * The platform's seal: the key every signature of a charter is made with
 * (a simple electronic signature sealed by the platform, as Documenso and
 * DocuSeal do), and its certificate, whose SHA-256 the verifier pins.
 *
 * Either a PKCS#12 file given in the configuration (`SEAL_P12_PATH`,
 * `SEAL_P12_PASSWORD`), or a key and a self-signed certificate made on first
 * start into the data folder (`seal-key.pem`, private, and `seal-cert.der`).
 * The cryptographic libraries are loaded with the key (`sealLoader.ts`), not
 * with the server: most processes never sign.
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

/** The generated key, private, in the data folder. */
export const SEAL_KEY_FILE = "seal-key.pem";
/** The generated certificate, in the data folder. */
export const SEAL_CERT_FILE = "seal-cert.der";

export type SealConfig = Pick<Config, "dataDir" | "publicUrl" | "sealP12Path" | "sealP12Password">;

/** Loads the seal once per server (and makes it on first start). */
export class PlatformSeal {
  private loading: Promise<SealKey> | null = null;
  constructor(private readonly config: SealConfig) {}

  key(): Promise<SealKey> {
    this.loading ??= import("./sealLoader.js").then(({ loadSeal }) => loadSeal(this.config)).catch((err) => {
      this.loading = null;
      throw err;
    });
    return this.loading;
  }
}

/** SHA-256 of a certificate's DER, lowercase hex. */
export function certificateFingerprint(der: Uint8Array): string {
  return createHash("sha256").update(der).digest("hex");
}


/**
 * Loads (or, on first start, makes) the seal on a worker thread and says what
 * it is: the start-up check, so that a bad P12 stops the server and the seal
 * exists before the first signature, without the signing libraries taking
 * the server's memory until something is signed.
 */
export function checkSeal(config: SealConfig): Promise<Pick<SealKey, "subject" | "certificateSha256">> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(new URL("./sealCheckWorker.ts", import.meta.url), { dataDir: config.dataDir, publicUrl: config.publicUrl, sealP12Path: config.sealP12Path, sealP12Password: config.sealP12Password } satisfies SealConfig);
    worker.once("message", (answer: { subject: string; certificateSha256: string } | { error: string }) => {
      if ("error" in answer) reject(new Error(answer.error));
      else resolve(answer);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`The seal check stopped (exit code ${code}).`)));
  });
}
