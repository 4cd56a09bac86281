import type { IncomingMessage, ServerResponse } from "node:http";
import type { Knex } from "knex";
import * as Y from "yjs";
import { readStoredYDoc } from "../domain/documents.js";
import { FORWARDED_SECRET_HEADER, hasForwardingSecret } from "./forwarding.js";

/**
 * Changes the server makes to a draft (restoring a version, renaming) for a
 * charter another instance owns: made here on the stored draft, sent as one
 * Yjs update to the owner, which applies, stores and broadcasts it like its
 * own. Only the owner ever writes a charter's updates.
 */
const PATH = /^\/internal\/collab\/([A-Za-z0-9-]{1,64})\/changes$/;
const USER_HEADER = "x-charte-user";
/** A restored version is a whole document at most. */
const MAX_BYTES = 64 * 1024 * 1024;

/** What the owner says of a change sent to it. */
export type RemoteChangeOutcome = "applied" | "not-owner";

/**
 * Makes `change` on the stored draft (what the owner has, but for edits of
 * the last few milliseconds, which it keeps) and sends it to the owner at
 * `address`. "not-owner": it no longer owns the charter, nothing was changed.
 */
export async function sendRemoteChange(db: Knex, address: string, secret: string, charterId: string, userId: string, change: (doc: Y.Doc) => void): Promise<RemoteChangeOutcome> {
  const { doc } = await readStoredYDoc(db, charterId);
  let update: Uint8Array;
  try {
    const before = Y.encodeStateVector(doc);
    // A fresh client id, as for a change made on the owner: authorship names who made it.
    doc.clientID = Math.floor(Math.random() * 0xffffffff) >>> 0;
    doc.transact(() => change(doc));
    update = Y.encodeStateAsUpdate(doc, before);
  } finally {
    doc.destroy();
  }
  const res = await fetch(`${address}/internal/collab/${encodeURIComponent(charterId)}/changes`, {
    method: "POST",
    headers: { [FORWARDED_SECRET_HEADER]: secret, [USER_HEADER]: userId, "content-type": "application/octet-stream" },
    body: Buffer.from(update),
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
  apply: (charterId: string, userId: string, update: Uint8Array) => Promise<RemoteChangeOutcome>,
): boolean {
  if (!req.url?.startsWith("/internal/")) return false;
  const match = PATH.exec(new URL(req.url, "http://localhost").pathname);
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
    apply(match[1], userId, new Uint8Array(Buffer.concat(chunks))).then(
      (outcome) => reply(outcome == "applied" ? 204 : 409),
      (err) => {
        console.error(`Charter ${match[1]}: a change sent by another instance failed:`, (err as Error).message);
        reply(422);
      },
    );
  });
  return true;
}
