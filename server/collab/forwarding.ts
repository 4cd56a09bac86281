import type { IncomingMessage } from "node:http";
import { timingSafeEqual } from "node:crypto";

/**
 * Headers of requests between instances: the forwarding secret (links and
 * changes sent to a charter's owner, see `links/` and `remoteChanges.ts`),
 * and the client's address of a collaboration upgrade an instance vouches for.
 */
export const FORWARDED_SECRET_HEADER = "x-charte-forwarding-secret";
export const FORWARDED_FOR_HEADER = "x-charte-forwarded-for";

/** Whether a request comes from another instance: it carries the forwarding secret. */
export function hasForwardingSecret(req: IncomingMessage, secret: string): boolean {
  const given = req.headers[FORWARDED_SECRET_HEADER];
  if (typeof given != "string") return false;
  const [a, b] = [Buffer.from(given), Buffer.from(secret)];
  return a.length == b.length && timingSafeEqual(a, b);
}

/** The client address of a connection another instance forwarded (its secret matches), or null if none did. */
export function forwardedFor(req: IncomingMessage, secret: string): string | null {
  const address = req.headers[FORWARDED_FOR_HEADER];
  return typeof address == "string" && address && hasForwardingSecret(req, secret) ? address : null;
}
