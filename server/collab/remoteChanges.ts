import type { IncomingMessage, ServerResponse } from "node:http";
import { FORWARDED_SECRET_HEADER, hasForwardingSecret } from "./forwarding.js";
import { InvalidDocumentChangeError, type DocumentChange } from "./documentChanges.js";

/**
 * Changes the server makes to a draft (restoring a version, renaming) for a
 * charter another instance owns: sent to the owner as what the draft must
 * become (`documentChanges.ts`), which it makes on its live draft, stores and
 * broadcasts like its own. Only the owner ever writes a charter's updates.
 */
const PATH = /^\/internal\/collab\/([A-Za-z0-9-]{1,64})\/changes$/;
const USER_HEADER = "x-charte-user";
/** A restored version is a whole document at most. */
const MAX_BYTES = 64 * 1024 * 1024;

/** What the owner says of a change sent to it. */
export type RemoteChangeOutcome = "applied" | "not-owner";

/**
 * Sends `change` to the owner at `address`. "not-owner": it no longer owns
 * the charter, nothing was changed. Sending it again is harmless: the draft
 * is made to say what the change says, once.
 */
export async function sendRemoteChange(address: string, secret: string, charterId: string, userId: string, change: DocumentChange): Promise<RemoteChangeOutcome> {
  const body = JSON.stringify(change);
  const res = await fetch(`${address}/internal/collab/${encodeURIComponent(charterId)}/changes`, {
    method: "POST",
    headers: { [FORWARDED_SECRET_HEADER]: secret, [USER_HEADER]: userId, "content-type": "application/json" },
    body,
    signal: AbortSignal.timeout(15000),
  });
  await res.arrayBuffer();
  if (res.status == 204) return "applied";
  if (res.status == 409) return "not-owner";
  throw new Error(`The owner of charter ${charterId} refused a change: HTTP ${res.status}`);
}

/**
 * Answers the internal requests of `sendRemoteChange` (true if `req` was
 * one): only from an instance (the forwarding secret), applied by `apply`.
 */
export function handleRemoteChange(
  req: IncomingMessage, res: ServerResponse, secret: string,
  apply: (charterId: string, userId: string, change: unknown) => Promise<RemoteChangeOutcome>,
): boolean {
  if (!req.url?.startsWith("/internal/")) return false;
  // The path as sent: one the URL parser would rewrite is no change path.
  const match = PATH.exec(req.url.split("?", 1)[0]);
  const reply = (status: number) => {
    if (!res.headersSent) res.writeHead(status, { "content-length": "0" }).end();
  };
  const userId = req.headers[USER_HEADER];
  if (!match || req.method != "POST") return reply(404), true;
  if (!hasForwardingSecret(req, secret) || typeof userId != "string" || !userId) return reply(403), true;
  const chunks: Buffer[] = [];
  let bytes = 0;
  req.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_BYTES) {
      reply(413);
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on("end", () => {
    if (bytes > MAX_BYTES) return;
    let change: unknown;
    try {
      change = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return reply(400);
    }
    apply(match[1], userId, change).then(
      (outcome) => reply(outcome == "applied" ? 204 : 409),
      (err) => {
        console.error(`Charter ${match[1]}: a change sent by another instance failed:`, (err as Error).message);
        reply(err instanceof InvalidDocumentChangeError ? 400 : 500);
      },
    );
  });
  return true;
}
