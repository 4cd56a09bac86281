import { HttpTimestampAuthority, type DigestAlgorithm, type TimestampAuthority } from "@libpdf/core";

/** How often, and how patiently, a timestamp authority is asked before a signature goes without. */
export const TSA_ATTEMPTS = 3;
const BACKOFF_MS = [0, 200, 600];
const TIMEOUT_MS = 5000;

/** The TSA did not give a token after every attempt: what it said the last time. */
export class TimestampUnavailable extends Error {
  constructor(readonly attempts: string[]) {
    super(`L'horodatage RFC 3161 a échoué (${attempts.length} essais) : ${attempts.at(-1)}`);
    this.name = "TimestampUnavailable";
  }
}

/**
 * An RFC 3161 authority asked up to three times, with a short wait between
 * tries, then given up on: the caller then signs without a timestamp and
 * records why. A time is never made up in place of the authority's.
 */
export class RetryingTimestampAuthority implements TimestampAuthority {
  private readonly inner: HttpTimestampAuthority;
  constructor(url: string) {
    this.inner = new HttpTimestampAuthority(url, { timeout: TIMEOUT_MS });
  }

  async timestamp(digest: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
    const failures: string[] = [];
    for (let attempt = 0; attempt < TSA_ATTEMPTS; attempt++) {
      if (BACKOFF_MS[attempt]) await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS[attempt]));
      try {
        return await this.inner.timestamp(digest, algorithm);
      } catch (err) {
        failures.push((err as Error).message || String(err));
      }
    }
    throw new TimestampUnavailable(failures);
  }
}
