import * as Y from "yjs";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { ticketSocketClass } from "../../client/src/collab/ticketSocket.js";
import { MESSAGE_ACCESS, MESSAGE_CHANGED, MESSAGE_STORED } from "../../server/shared/collab.js";
import { clauseText } from "./collab.js";
import { DOCUMENT_FIELD } from "../../server/domain/documents.js";

// y-websocket adds a process "exit" listener per provider in Node: a test with twenty editors is not a leak.
process.setMaxListeners(Math.max(process.getMaxListeners(), 64));

/**
 * An editor (y-websocket, as the browser uses it) that types numbered markers
 * into its own clause and keeps which of them the server said are stored.
 * "Stored" counts only when answered on the connection it was asked on, and
 * is asked only once that connection is synced (the client's sync step 2,
 * which resends what a lost connection did not store, has gone before the
 * question): a reconnection never makes an unconfirmed marker look stored.
 */
export class Typist {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly typed: string[] = [];
  readonly stored = new Set<string>();
  /** Close codes of the connections the server ended, in order. */
  readonly closeCodes: number[] = [];
  /** When (performance.now) the last connection opened. */
  connectedAt = 0;
  /** Called with the time (performance.now) of each "stored" answer. */
  onStored: ((at: number) => void) | null = null;
  private asked = new Map<number, string[]>();
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;

  /** `url` is where it asks for tickets and connects: an instance or a load balancer in front of them. */
  constructor(url: string, readonly charterId: string, token: string, readonly index: number, options: { clause?: number } = {}) {
    this.clause = options.clause ?? index;
    const fetchTicket = async () => {
      const res = await fetch(`${url}/api/charters/${charterId}/collab-tickets`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
      if (res.status != 201) throw Object.assign(new Error(`No ticket: ${res.status}`), { status: res.status });
      return (await res.json()).ticket as string;
    };
    this.provider = new WebsocketProvider(`${url.replace(/^http/, "ws")}/collab`, charterId, this.doc, {
      WebSocketPolyfill: ticketSocketClass(fetchTicket, WebSocket as unknown as typeof globalThis.WebSocket) as unknown as typeof globalThis.WebSocket,
      disableBc: true, maxBackoffTime: 300,
    });
    this.provider.messageHandlers[MESSAGE_STORED] = (_e, decoder) => {
      const n = decoding.readVarUint(decoder);
      for (const [k, markers] of this.asked) if (k <= n) { markers.forEach((m) => this.stored.add(m)); this.asked.delete(k); }
      this.onStored?.(performance.now());
    };
    this.provider.messageHandlers[MESSAGE_ACCESS] = (_e, decoder) => void decoding.readVarUint(decoder);
    // "Comments (or the charter) changed": a typist reads nothing but its own text.
    this.provider.messageHandlers[MESSAGE_CHANGED] = (_e, decoder) => void decoding.readVarString(decoder);
    this.provider.on("status", ({ status }: { status: string }) => { if (status == "connected") this.connectedAt = performance.now(); });
    this.provider.on("connection-close", (event) => {
      // Questions asked on a lost connection will never be answered: they are asked again on the next one.
      this.asked.clear();
      if (event) this.closeCodes.push(event.code);
    });
  }

  /** The clause (index among the document's clauses) this typist types into. */
  readonly clause: number;

  synced(): Promise<void> {
    return new Promise((resolve) => (this.provider.synced ? resolve() : this.provider.once("sync", () => resolve())));
  }

  /** True once connected and synced, when "is it stored?" can be asked. */
  get live(): boolean {
    return this.provider.wsconnected && this.provider.synced;
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => this.type(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Types the next marker, and asks whether everything typed so far is stored. */
  type(): void {
    const marker = `[${this.index}:${this.typed.length}]`;
    clauseText(this.doc, this.clause).insert(0, marker);
    this.typed.push(marker);
    this.askStored();
  }

  /** Asks whether every marker not yet known stored is (only on a synced connection). */
  askStored(): void {
    if (!this.live) return;
    const n = ++this.seq;
    this.asked.set(n, this.typed.filter((m) => !this.stored.has(m)));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_STORED);
    encoding.writeVarUint(e, n);
    this.provider.ws!.send(encoding.toUint8Array(e));
  }

  text(): string {
    return clauseText(this.doc, this.clause).toString();
  }

  destroy(): void {
    this.stop();
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** True when every doc has the same state vector and the same document. */
export function sameDocs(docs: Y.Doc[]): boolean {
  const vector = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString("base64");
  const text = (d: Y.Doc) => d.getXmlFragment(DOCUMENT_FIELD).toString();
  return docs.every((d) => vector(d) == vector(docs[0]) && text(d) == text(docs[0]));
}
