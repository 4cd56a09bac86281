import * as Y from "yjs";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { MESSAGE_ACCESS, MESSAGE_CHANGED, MESSAGE_STORED, type ChangeTopic } from "../../server/shared/collab.js";
import { DOCUMENT_FIELD } from "../../server/domain/documents.js";
import type { TestServer } from "./testServer.js";

/** What the collaboration helpers need of a server: its API (for tickets) and its WebSocket base. */
export type CollabServer = Pick<TestServer, "api" | "wsUrl">;
import { ticketSocketClass } from "../../client/src/collab/ticketSocket.js";

/** A y-websocket client in Node, as the browser editor uses it. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves with the close code when the server closes the connection. */
  closed: Promise<number>;
  /** The last access message: true if the server lets this client edit. */
  canEdit: boolean | null;
  /** The topics the server announced as changed, in order. */
  changes: ChangeTopic[];
  /** Asks the server whether all sent updates are stored; resolves when it says so. */
  stored(): Promise<void>;
  destroy(): void;
}

/**
 * A single-use ticket for a charter's WebSocket, as the browser asks for it;
 * throws (with the HTTP `status`) if the API refuses.
 */
export async function collabTicket(server: CollabServer, charterId: string, token: string | null): Promise<string> {
  const res = await server.api("POST", `/api/charters/${charterId}/collab-tickets`, { token });
  if (res.status != 201) throw Object.assign(new Error(`No ticket: ${res.status}`), { status: res.status });
  return res.body.ticket;
}

/** The WebSocket URL of a charter, with a fresh ticket. */
export async function collabUrl(server: CollabServer, charterId: string, token: string): Promise<string> {
  return `${server.wsUrl}/collab/${charterId}?ticket=${await collabTicket(server, charterId, token)}`;
}

/** y-websocket's WebSocket class for Node, fetching a ticket with `token` before each connection, as the browser does. */
export const ticketSocket = (server: CollabServer, charterId: string, token: string | null) =>
  ticketSocketClass(() => collabTicket(server, charterId, token), WebSocket as unknown as typeof globalThis.WebSocket) as unknown as typeof globalThis.WebSocket;

/** Connects a client to `/collab/:charterId` with a token, and waits for the first sync (unless refused). */
export async function connectClient(server: CollabServer, charterId: string, token: string | null, options: { waitForSync?: boolean } = {}): Promise<TestClient> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.wsUrl}/collab`, charterId, doc, {
    WebSocketPolyfill: ticketSocket(server, charterId, token),
    disableBc: true,
    maxBackoffTime: 200,
  });
  let seq = 0;
  const waiting = new Map<number, () => void>();
  const client: TestClient = {
    doc, provider, canEdit: null, changes: [],
    closed: new Promise((resolve) => provider.on("connection-close", (event) => { if (event && event.code != 1000) resolve(event.code); })),
    stored() {
      const n = ++seq;
      return new Promise((resolve) => {
        waiting.set(n, resolve);
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_STORED);
        encoding.writeVarUint(encoder, n);
        provider.ws!.send(encoding.toUint8Array(encoder));
      });
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
  provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) => {
    const n = decoding.readVarUint(decoder);
    for (const [k, resolve] of waiting) if (k <= n) { waiting.delete(k); resolve(); }
  };
  provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
    client.canEdit = decoding.readVarUint(decoder) == 1;
  };
  provider.messageHandlers[MESSAGE_CHANGED] = (_encoder, decoder) => {
    client.changes.push(decoding.readVarString(decoder) as ChangeTopic);
  };
  if (options.waitForSync ?? true) await new Promise<void>((resolve, reject) => {
    if (provider.synced) return resolve();
    provider.once("sync", () => resolve());
    client.closed.then((code) => reject(new Error(`closed with ${code}`)));
  });
  return client;
}

/** The charter fragment of a doc. */
export const fragmentOf = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FIELD);

/** The text of the n-th paragraph of the first clause (as y-prosemirror lays it out). */
export function clauseText(doc: Y.Doc, n = 0): Y.XmlText {
  const clauses: Y.XmlElement[] = [];
  for (const section of fragmentOf(doc).toArray())
    if (section instanceof Y.XmlElement && section.nodeName == "section")
      for (const child of section.toArray()) if (child instanceof Y.XmlElement && child.nodeName == "clause") clauses.push(child);
  const paragraph = clauses[n].toArray().find((c) => c instanceof Y.XmlElement && c.nodeName == "paragraph") as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

/** Waits until `check` holds, polling; fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
