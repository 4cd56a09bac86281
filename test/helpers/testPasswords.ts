import { randomBytes, scrypt } from "node:crypto";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";

/**
 * scrypt cost of the test accounts' stored passwords: 2^10 instead of the
 * product's 2^15. A stored hash names its own cost (`scrypt$N$r$p$salt$key`)
 * and `verifyPassword` honours it, so logging in runs the real check, only 32
 * times cheaper: the suite logs in thousands of times.
 */
const TEST_COST = { N: 1 << 10, r: 8, p: 1 };

let demoHash: Promise<string> | null = null;

/** The demo password (`charte-demo`) hashed at the test cost, in the product's stored format; made once. */
export function testDemoPasswordHash(): Promise<string> {
  demoHash ??= new Promise((resolve, reject) => {
    const salt = randomBytes(16);
    scrypt(DEMO_PASSWORD.normalize("NFKC"), salt, 64, TEST_COST, (err, key) => {
      if (err) reject(err);
      else resolve(["scrypt", TEST_COST.N, TEST_COST.r, TEST_COST.p, salt.toString("base64url"), key.toString("base64url")].join("$"));
    });
  });
  return demoHash;
}
