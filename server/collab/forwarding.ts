import type { IncomingMessage } from "node:http";
import { timingSafeEqual } from "node:crypto";

/**
 * The header that proves a request comes from another instance: links that
 * forward collaboration clients to a charter's owner (`links/`), and changes
 * sent to it (`remoteChanges.ts`).
 */
export const FORWARDED_SECRET_HEADER = "x-charte-forwarding-secret";

/** Whether a request comes from another instance: it carries the forwarding secret. */
export function hasForwardingSecret(req: IncomingMessage, secret: string): boolean {
  const given = req.headers[FORWARDED_SECRET_HEADER];
  if (typeof given != "string") return false;
  const [a, b] = [Buffer.from(given), Buffer.from(secret)];
  return a.length == b.length && timingSafeEqual(a, b);
}
