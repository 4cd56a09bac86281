import type { IncomingMessage } from "node:http";

/** Counts open connections per key (a user, an address) against a cap. */
export class ConnectionCounter {
  private counts = new Map<string, number>();

  /** Counts one more for `key` if it stays within `max`; false (nothing counted) otherwise. */
  acquire(key: string, max: number): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  /** Counts one less for `key` (each successful `acquire` is released once). */
  release(key: string): void {
    const count = this.counts.get(key) ?? 0;
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }

  /** Open connections for `key`. */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The client's address, as Express's `trust proxy: "loopback"` sees it: the
 * socket's peer, or, behind a reverse proxy on this machine, the last address
 * that proxy appended to X-Forwarded-For.
 */
export function clientAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  if (!LOOPBACK.test(peer) || typeof forwarded != "string") return peer;
  const hops = forwarded.split(",").map((hop) => hop.trim()).filter(Boolean);
  return hops.at(-1) ?? peer;
}
