import pLimit, { type LimitFunction } from "p-limit";
import { hashPassword, verifyPassword } from "./passwords.js";
import { serverBusy } from "../http/errors.js";

/** How long a caller turned away by a full queue is told to wait. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Runs password hashing a few at a time. scrypt runs on libuv's thread pool
 * (4 threads by default), which sqlite3 runs every query on too: left
 * unbounded, a flood of logins would make every database query wait behind
 * it. Past the queue's length a check is refused at once (HTTP 503 with
 * `Retry-After`) rather than kept waiting.
 */
export class PasswordHasher {
  private readonly limit: LimitFunction;

  constructor(concurrency: number, private readonly maxQueued: number) {
    this.limit = pLimit(concurrency);
  }

  /** Whether `password` matches `stored`; throws HTTP 503 when too many checks wait. */
  verify(password: string, stored: string): Promise<boolean> {
    return this.run(() => verifyPassword(password, stored));
  }

  /** Hashes a new password; throws HTTP 503 when too many wait. */
  hash(password: string): Promise<string> {
    return this.run(() => hashPassword(password));
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.activeCount >= this.limit.concurrency && this.limit.pendingCount >= this.maxQueued)
      return Promise.reject(serverBusy("Le serveur reçoit trop de connexions à la fois. Réessayez dans quelques secondes.", RETRY_AFTER_SECONDS));
    return this.limit(work);
  }
}
