import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ipKeyGenerator } from "express-rate-limit";
import type { Config } from "../config.js";
import { normalizeEmail } from "../store/users.js";
import { tooManyRequests } from "../http/errors.js";

/** Which limit a password attempt ran into. */
export type LoginLimit = "address_and_account" | "address" | "account";

/** A password attempt that was let through: say how it ended. */
export interface LoginAttempt {
  /** The password was right, or was never checked (server busy): the attempt does not count. */
  refund(): Promise<void>;
}

/** Refused by a limit: HTTP 429, and whether this attempt is the one that reached it (worth one audit line). */
export class LoginThrottled extends Error {
  constructor(readonly limit: LoginLimit, readonly first: boolean, readonly retryAfter: number) {
    super(`login throttled on ${limit}`);
  }
}

/**
 * Counts wrong passwords, for logins and for invitations accepted with an
 * existing account's password alike, three ways at once: per client address
 * and account, per address whatever the account (a flood of distinct emails),
 * and per account whatever the address (a spread-out guess). Every attempt
 * counts from the start, so that concurrent attempts cannot slip past a
 * limit while their passwords are being hashed; a right password is refunded.
 * IPv6 addresses are counted per /56, as express-rate-limit does.
 */
export class LoginThrottle {
  private readonly limiters: [LoginLimit, RateLimiterMemory][];

  constructor(config: Config) {
    const limiter = (points: number) => new RateLimiterMemory({ points, duration: config.loginWindowSeconds });
    this.limiters = [
      ["address_and_account", limiter(config.loginMaxFailures)],
      ["address", limiter(config.loginMaxFailuresPerAddress)],
      ["account", limiter(config.loginMaxFailuresPerAccount)],
    ];
  }

  /** Counts an attempt before its password is checked; throws `LoginThrottled` past a limit. */
  async attempt(ip: string | null, email: string): Promise<LoginAttempt> {
    const address = ipKeyGenerator(ip ?? "unknown");
    const account = normalizeEmail(email);
    const keys: Record<LoginLimit, string> = { address_and_account: `${address}|${account}`, address, account };
    const counted: [RateLimiterMemory, string][] = [];
    for (const [limit, limiter] of this.limiters) {
      try {
        await limiter.consume(keys[limit]);
        counted.push([limiter, keys[limit]]);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        // Refused without a password check: give back what this attempt took from the other limits.
        for (const [l, key] of counted) await l.reward(key);
        throw new LoginThrottled(limit, err.consumedPoints == limiter.points + 1, Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
      }
    }
    return { refund: async () => { for (const [l, key] of counted) await l.reward(key); } };
  }
}

/** The French answer to a throttled attempt. */
export function throttledError(err: LoginThrottled) {
  const minutes = Math.ceil(err.retryAfter / 60);
  return tooManyRequests(`Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}.`, err.retryAfter);
}
