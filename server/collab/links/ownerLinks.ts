import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { MAX_MESSAGE_BYTES } from "../../shared/collab.js";
import { hasForwardingSecret } from "../forwarding.js";
import { pingOrEnd, watchPongs } from "../heartbeat.js";
import { decodeUpFrame, downCloseFrame, downDataFrame, FRAME_CLOSE, FRAME_DATA, MalformedFrameError } from "./linkFrames.js";
import { LinkedSocket, type LinkEnd } from "./linkedSocket.js";
import { acceptUpgrade, refuseHttp } from "../upgrades.js";

/** Where a forwarding instance opens its link for a charter (with the forwarding secret). */
export const LINK_PATH = /^\/internal\/collab\/([A-Za-z0-9-]{1,64})\/link$/;
export const linkPath = (charterId: string) => `/internal/collab/${encodeURIComponent(charterId)}/link`;

/** Hands a forwarded client to the hub: served (`onConnection`, then `resume`) or closed, as a connection made here would be. */
export type AcceptLinked = (socket: LinkedSocket, charterId: string, ticket: string | null, address: string) => void;

export interface OwnerLinkOptions {
  /** Bytes queued on one link beyond which the owner ends it (the forwarder does not read it). */
  maxBufferedBytes: number;
  pingIntervalMs: number;
}

/**
 * The owner's end of the links other instances open to it, one per
 * forwarding instance and charter: each client they forward is a
 * `LinkedSocket` here, served by the hub on its one code path (ticket,
 * limits, permissions), and what the hub sends to several of them at once
 * crosses the link once.
 */
export class OwnerLinks {
  private wss: WebSocketServer;
  private links = new Set<OwnerLink>();
  private timer: NodeJS.Timeout;

  constructor(private readonly secret: string, private readonly options: OwnerLinkOptions, private readonly accept: AcceptLinked) {
    // A frame up is one client message (the forwarder reads at most 4 × MAX_MESSAGE_BYTES of one) and a small header.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_MESSAGE_BYTES + 64, perMessageDeflate: false });
    this.timer = setInterval(() => pingOrEnd(this.wss.clients), options.pingIntervalMs);
    this.timer.unref();
  }

  /** Takes an upgrade on a link path (true), answering 403 without the secret; false for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): boolean {
    const match = LINK_PATH.exec(pathname);
    if (!match) return false;
    if (!hasForwardingSecret(req, this.secret)) {
      refuseHttp(socket, "403 Forbidden");
      return true;
    }
    const charterId = match[1];
    acceptUpgrade(this.wss, req, socket, head, (ws) => {
      const link = new OwnerLink(ws, charterId, this.options.maxBufferedBytes, this.accept);
      this.links.add(link);
      ws.on("close", () => this.links.delete(link));
    });
    return true;
  }

  /** Ends every link, after what is queued on it (the forwarders pass `code` on to clients still there). */
  close(code: number, reason: string): void {
    clearInterval(this.timer);
    for (const link of this.links) link.end(code, reason);
    this.wss.close();
  }
}

/** Links with something queued. */
const queued = new Set<OwnerLink>();

/** Sends what every link has queued now, rather than at the end of the task (see `broadcast`). */
export function flushLinks(): void {
  for (const link of queued) link.flush();
}

/** What waits to go down a link, in order: a message for some clients, or a client's close. */
type Entry =
  | { kind: "data"; data: Uint8Array; keys: number[]; done: ((err?: Error) => void)[] }
  | { kind: "close"; key: number; code: number; reason: string };

/** One link: the clients of one forwarding instance for one charter. */
class OwnerLink implements LinkEnd {
  private sockets = new Map<number, LinkedSocket>();
  private lastKey = 0;
  private entries: Entry[] = [];
  private scheduled = false;

  constructor(private readonly ws: WebSocket, private readonly charterId: string, private readonly maxBufferedBytes: number, private readonly accept: AcceptLinked) {
    watchPongs(ws);
    ws.on("message", (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary));
    ws.on("close", () => this.dropAll());
    ws.on("error", () => ws.terminate());
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    try {
      if (!isBinary) throw new MalformedFrameError("Text frame");
      const frame = decodeUpFrame(data);
      if (frame.type == FRAME_DATA) return this.sockets.get(frame.key)?.receive(frame.data);
      if (frame.type == FRAME_CLOSE) {
        const socket = this.sockets.get(frame.key);
        this.sockets.delete(frame.key);
        return socket?.gone();
      }
      // Keys only grow: a key seen before is a confused (or forged) forwarder.
      if (frame.key <= this.lastKey) throw new MalformedFrameError(`Client key ${frame.key} opened twice`);
      this.lastKey = frame.key;
      const socket = new LinkedSocket(this, frame.key);
      this.sockets.set(frame.key, socket);
      // What the client sends meanwhile is held by the socket until the hub listens (`resume`).
      this.accept(socket, this.charterId, frame.ticket, frame.address);
    } catch (err) {
      // Input from another instance: whatever goes wrong with it ends this link, never the process.
      if (err instanceof MalformedFrameError) console.warn(`Link for charter ${this.charterId}: ${err.message}; closing it`);
      else console.error(`Link for charter ${this.charterId}: a frame could not be handled; closing it:`, err);
      this.ws.terminate();
    }
  }

  queue(key: number, data: Uint8Array, done?: (err?: Error) => void): void {
    let last = this.entries[this.entries.length - 1];
    // The rooms send one message object to each connection in turn: while it is the same, it is the same frame.
    if (last?.kind == "data" && last.data === data) last.keys.push(key);
    else this.entries.push((last = { kind: "data", data, keys: [key], done: [] }));
    if (done) last.done.push(done);
    this.schedule();
  }

  queueClose(key: number, code: number, reason: string): void {
    this.sockets.delete(key);
    this.entries.push({ kind: "close", key, code, reason });
    this.schedule();
  }

  /**
   * Sends the queue once the current task has run (or sooner, `flushLinks`):
   * a loop over a room's connections becomes one frame per message.
   */
  private schedule(): void {
    queued.add(this);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  flush(): void {
    queued.delete(this);
    if (!this.entries.length) return;
    const entries = this.entries;
    this.entries = [];
    // A forwarder that does not read holds the owner's memory: past the bound, the link goes (its clients reconnect).
    if (this.ws.readyState == this.ws.OPEN && this.ws.bufferedAmount > this.maxBufferedBytes) {
      console.warn(`Link for charter ${this.charterId}: ${this.ws.bufferedAmount} bytes not read by the forwarding instance; closing it`);
      this.ws.terminate();
    }
    if (this.ws.readyState != this.ws.OPEN) {
      for (const entry of entries) if (entry.kind == "data") for (const done of entry.done) done(new Error("The link is closed"));
      return;
    }
    for (const entry of entries) {
      if (entry.kind == "close") this.ws.send(downCloseFrame(entry.key, entry.code, entry.reason));
      else {
        const done = entry.done;
        this.ws.send(downDataFrame(entry.keys, entry.data), done.length ? (err) => { for (const d of done) d(err); } : undefined);
      }
    }
  }

  /** Closes the link after what is queued. */
  end(code: number, reason: string): void {
    this.flush();
    this.ws.close(code, reason);
  }

  private dropAll(): void {
    const sockets = [...this.sockets.values()];
    this.sockets.clear();
    for (const socket of sockets) socket.gone();
  }
}
