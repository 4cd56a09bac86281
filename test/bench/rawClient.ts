import * as Y from "yjs";
import { WebSocket } from "ws";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { MESSAGE_SYNC } from "../../server/shared/collab.js";
import { monotonicMs } from "./processStats.js";

/**
 * A y-websocket protocol client for load tests. Editors sync once, then only
 * send (they ignore what they receive, so that hundreds of them do not
 * saturate the load generator); observers apply everything and timestamp
 * which edits arrive.
 */
export class RawClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  /** When the first full sync message arrived (before it is applied), in `monotonicMs`. */
  syncedAt = 0;
  private synced: Promise<void>;
  /** For observers: called with the update's per-client clock ranges when it arrives (`at`: `monotonicMs`). */
  onUpdate: ((meta: { from: Map<number, number>; to: Map<number, number> }, at: number) => void) | null = null;

  constructor(url: string, readonly observer: boolean, initialState?: Uint8Array) {
    if (initialState) Y.applyUpdate(this.doc, initialState);
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.binaryType = "nodebuffer";
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin != "local" || this.ws.readyState != WebSocket.OPEN) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
      this.ws.send(encoding.toUint8Array(e));
    });
    this.synced = new Promise((resolve, reject) => {
      this.ws.once("error", reject);
      this.ws.once("close", (code) => reject(new Error(`closed with ${code}`)));
      let done = false;
      this.ws.on("open", () => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(e, this.doc);
        this.ws.send(encoding.toUint8Array(e));
      });
      this.ws.on("message", (data: Buffer) => {
        if (done && !this.observer) return;
        const at = monotonicMs();
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (decoding.readVarUint(decoder) != MESSAGE_SYNC) return;
        const type = decoding.readVarUint(decoder);
        if (type == syncProtocol.messageYjsSyncStep1) {
          // Answer the server's step 1 with what we have that it lacks (the seed, for the reference server).
          const sv = decoding.readVarUint8Array(decoder);
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, MESSAGE_SYNC);
          syncProtocol.writeSyncStep2(e, this.doc, sv);
          this.ws.send(encoding.toUint8Array(e));
          return;
        }
        const update = decoding.readVarUint8Array(decoder);
        if (type == syncProtocol.messageYjsSyncStep2 && !this.syncedAt) this.syncedAt = at;
        if (this.onUpdate) this.onUpdate(Y.parseUpdateMeta(update), at);
        Y.applyUpdate(this.doc, update, "remote");
        if (type == syncProtocol.messageYjsSyncStep2 && !done) {
          done = true;
          resolve();
        }
      });
    });
  }

  ready(): Promise<void> {
    return this.synced;
  }

  /** Inserts `text` at the start of a text node, as typing does; returns the client clock of the edit. */
  type(text: Y.XmlText, content: string): number {
    const clock = Y.getState(this.doc.store, this.doc.clientID);
    this.doc.transact(() => text.insert(0, content), "local");
    return clock;
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }
}

/** Every text node inside clauses, as y-prosemirror lays them out. */
export function clauseTexts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment, inClause: boolean) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText && inClause) out.push(child);
      else if (child instanceof Y.XmlElement) walk(child, inClause || child.nodeName == "clause");
    }
  };
  walk(doc.getXmlFragment("prosemirror"), false);
  return out;
}
