import { WebSocket } from "ws";
import { CLOSE_CODES } from "../../shared/collab.js";
import { FORWARDED_SECRET_HEADER } from "../forwarding.js";
import { pingOrEnd, watchPongs } from "../heartbeat.js";
import { decodeDownFrame, FRAME_DATA, MAX_LINK_TEXT, MalformedFrameError, openFrame, TERMINATED, upCloseFrame, upDataFrame } from "./linkFrames.js";
import { linkPath } from "./ownerLinks.js";
import { sendFramed } from "../framedSend.js";

export interface ForwardingLinkOptions {
  /** A forwarded client whose socket has this many bytes not yet written out does not read: it is dropped (4408). */
  maxBufferedBytes: number;
  /** How long a link without clients stays open (the next client of its charter reuses it). */
  idleMs: number;
  /** Bytes queued up a link beyond which it is ended: the owner does not read it (hung), and the clients' messages would pile up here. */
  maxLinkBufferedBytes: number;
  pingIntervalMs: number;
}

/** How long an owner has to answer a link's opening before it is taken as unreachable. */
const OPEN_TIMEOUT_MS = 5000;

/**
 * Bytes queued up a link beyond which this instance stops reading its
 * clients until the link drains (TCP's back-pressure, as a pipe per client
 * had): a client sending faster than the owner reads slows down, rather
 * than ending the link for every client on it. A quarter of the bound, at most 1 MiB.
 */
const pauseAt = (maxLinkBufferedBytes: number) => Math.min(1024 * 1024, Math.floor(maxLinkBufferedBytes / 4));

/** How long a client the owner closed has to answer the close frame before its socket is cut, and how many messages it may send meanwhile. */
const CLOSE_GRACE_MS = 2000;
const MESSAGES_AFTER_CLOSE = 8;

/**
 * The forwarding instance's links to the owners of charters it does not
 * serve: one per owner and charter, opened for the first client and closed
 * when the last is gone. Each client's WebSocket is accepted here (this
 * instance's limits on frames apply) and its messages go up the link; the
 * owner authenticates and serves it, and sends each message once for all the
 * clients it is for, which are written to from here.
 */
export class ForwardingLinks {
  private links = new Map<string, Promise<LinkOutcome>>();
  /** The links open now, and those still opening. */
  private live = new Set<ForwardingLink>();
  private opening = new Set<WebSocket>();
  private timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly secret: string, private readonly options: ForwardingLinkOptions) {
    this.timer = setInterval(() => this.ping(), options.pingIntervalMs);
    this.timer.unref();
  }

  /**
   * The open link to the owner at `address` (`http://host:port`) for a
   * charter, opened if need be; null if the owner cannot be reached,
   * "refused" if it answered the opening with an HTTP error (a
   * configuration error, logged: waiting for another owner would not help).
   */
  async linkTo(address: string, charterId: string): Promise<LinkOutcome> {
    const id = `${address} ${charterId}`;
    const known = this.links.get(id);
    if (known) {
      const link = await known;
      if (link instanceof ForwardingLink && link.open) return link;
      this.forget(id, known);
    }
    // Another client may have started opening it meanwhile: one link per owner and charter.
    let opening = this.links.get(id);
    if (!opening) {
      const started = this.open(address, charterId).then((link) => {
        if (!(link instanceof ForwardingLink)) this.forget(id, started);
        else {
          this.live.add(link);
          link.onClosed = () => {
            this.live.delete(link);
            this.forget(id, started);
          };
        }
        return link;
      });
      this.links.set(id, (opening = started));
    }
    return opening;
  }

  private forget(id: string, opening: Promise<LinkOutcome>): void {
    if (this.links.get(id) == opening) this.links.delete(id);
  }

  private open(address: string, charterId: string): Promise<LinkOutcome> {
    if (this.closed) return Promise.resolve(null);
    const url = address.replace(/^http/, "ws") + linkPath(charterId);
    return new Promise((resolve) => {
      // Frames down may carry a whole document (a sync answer): ws's default bound (100 MiB) applies, as for any client.
      const ws = new WebSocket(url, { headers: { [FORWARDED_SECRET_HEADER]: this.secret }, perMessageDeflate: false, handshakeTimeout: OPEN_TIMEOUT_MS });
      this.opening.add(ws);
      const failed = () => {
        this.opening.delete(ws);
        resolve(null);
      };
      // A refusal is a misconfiguration, not an owner gone: said as such.
      ws.once("unexpected-response", (_req, res) => {
        const status = res.statusCode ?? 0;
        const hint = status == 403 ? ": it refused the forwarding secret, so the instances were not given the same JWT_SECRET (every instance must share it)" : "";
        console.error(`Link for charter ${charterId}: configuration error, the owner at ${address} answered HTTP ${status} to the link's opening${hint}`);
        resolve("refused");
        res.resume();
        ws.terminate();
      });
      ws.once("error", failed);
      ws.once("close", failed);
      ws.once("open", () => {
        this.opening.delete(ws);
        ws.off("error", failed);
        ws.off("close", failed);
        if (this.closed) {
          ws.close(1001);
          return resolve(null);
        }
        resolve(new ForwardingLink(ws, address, charterId, this.options));
      });
    });
  }

  /** The charter is owned at `ownerAddress` now (null: here): its links to any other address are ended, their clients told 1013. */
  moved(charterId: string, ownerAddress: string | null): void {
    for (const link of this.live) {
      if (link.charterId != charterId || link.address == ownerAddress) continue;
      console.warn(`Link for charter ${charterId}: its owner is no longer at ${link.address}; closing it`);
      link.cut(CLOSE_CODES.tryAgain, "Charter moved to another instance");
    }
  }

  private ping(): void {
    pingOrEnd([...this.live].map((link) => link.ws));
  }

  /** Closes every forwarded client with `code` and every link (the owners let those clients go); links still opening are given up (their clients told `code` by the hub). */
  close(code: number, reason: string): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const ws of this.opening) ws.terminate();
    for (const link of this.live) link.end(code, reason);
    this.live.clear();
    this.links.clear();
  }
}

/** What opening a link gives: the link, "refused" (an HTTP error answered), or null (the owner cannot be reached). */
export type LinkOutcome = ForwardingLink | "refused" | null;

/** One link: this instance's clients of one charter, served by its owner. */
export class ForwardingLink {
  private clients = new Map<number, WebSocket>();
  private nextKey = 1;
  /** Whether the clients are not read, the link holding more than `pauseAt` up. */
  private paused = false;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Called once the link is closed. */
  onClosed: () => void = () => {};

  constructor(readonly ws: WebSocket, readonly address: string, readonly charterId: string, private readonly options: ForwardingLinkOptions) {
    watchPongs(ws);
    ws.on("message", (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary));
    ws.on("close", (code: number) => this.onLinkClosed(code));
    ws.on("error", () => ws.terminate());
    this.idle();
  }

  get open(): boolean {
    return this.ws.readyState == this.ws.OPEN;
  }

  /** Forwards a client's WebSocket (accepted here) over the link, with the client's address and its ticket, which the owner checks. */
  attach(client: WebSocket, address: string, ticket: string | null): void {
    if (!this.open) return void client.close(CLOSE_CODES.tryAgain, "Charter moved to another instance");
    const key = this.nextKey++;
    this.clients.set(key, client);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    // This instance pings the client (it is among its WebSocket server's clients); the owner never sees those pings.
    watchPongs(client);
    if (this.paused) client.pause();
    // A ticket too long to be one is sent empty: the owner refuses it as any bad ticket.
    this.ws.send(openFrame(key, address.slice(0, MAX_LINK_TEXT), ticket && ticket.length > MAX_LINK_TEXT ? "" : ticket));
    let sentAfterClose = 0;
    client.on("message", (data: Buffer, isBinary: boolean) => {
      // Told to go (by the owner, by this instance, or the link gone), it is read until it answers: nothing more is passed on,
      // and one that keeps sending is cut (the few a client sent before the close frame reached it cost its close code nothing).
      if (this.clients.get(key) !== client || client.readyState != client.OPEN) {
        if (++sentAfterClose > MESSAGES_AFTER_CLOSE) client.terminate();
        return;
      }
      if (!isBinary) return void closeClient(client, CLOSE_CODES.badMessage, "Binary messages only");
      if (!this.open) return;
      if (this.ws.bufferedAmount > this.options.maxLinkBufferedBytes) {
        console.warn(`Link for charter ${this.charterId}: ${this.ws.bufferedAmount} bytes not read by the owner; closing it`);
        return void this.ws.terminate();
      }
      if (this.paused || this.ws.bufferedAmount <= pauseAt(this.options.maxLinkBufferedBytes)) return void this.ws.send(upDataFrame(key, data));
      // Its frame written out, everything queued before it is too: the clients are read again.
      this.pauseClients();
      this.ws.send(upDataFrame(key, data), () => this.resumeClients());
    });
    client.on("close", () => {
      // Still ours: the client left (not closed by the owner), which the owner must hear.
      if (this.clients.get(key) != client) return;
      this.clients.delete(key);
      if (this.open) this.ws.send(upCloseFrame(key));
      this.idle();
    });
    client.on("error", () => client.terminate());
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    let frame;
    try {
      if (!isBinary) throw new MalformedFrameError("Text frame");
      frame = decodeDownFrame(data, this.nextKey);
    } catch (err) {
      console.warn(`Link for charter ${this.charterId}: ${(err as Error).message}; closing it`);
      return void this.ws.terminate();
    }
    if (frame.type == FRAME_DATA) {
      for (const key of frame.keys) this.sendTo(key, frame.data);
      return;
    }
    const client = this.clients.get(frame.key);
    if (!client) return;
    this.clients.delete(frame.key);
    closeClient(client, frame.code, frame.reason);
    this.idle();
  }

  /** Writes a message to a client, unless it does not read: then it is dropped at once (4408), as the owner drops its own. */
  private sendTo(key: number, data: Buffer): void {
    const client = this.clients.get(key);
    if (!client || client.readyState != client.OPEN) return;
    if (client.bufferedAmount > this.options.maxBufferedBytes) {
      // A close frame would wait behind the backlog: the socket is cut too. Its close event tells the owner.
      client.close(CLOSE_CODES.tooSlow, "Not reading");
      client.terminate();
      return;
    }
    sendFramed(client, data);
  }

  /** Stops reading the clients while the link holds more than `pauseAt` up (the owner does not read it as fast). */
  private pauseClients(): void {
    this.paused = true;
    for (const client of this.clients.values()) client.pause();
  }

  private resumeClients(): void {
    this.paused = false;
    for (const client of this.clients.values()) client.resume();
  }

  /** With no client left, the link closes after a while (unless one comes). */
  private idle(): void {
    if (this.clients.size || this.idleTimer || !this.open) return;
    this.idleTimer = setTimeout(() => { if (!this.clients.size) this.ws.close(1000, "Idle"); }, this.options.idleMs);
    this.idleTimer.unref();
  }

  /** Closes every client with `code`, then the link. */
  end(code: number, reason: string): void {
    this.closeClients(code, reason);
    this.ws.close(1000, reason);
  }

  /** Closes every client with `code`, and cuts the link (its owner may not answer a close). */
  cut(code: number, reason: string): void {
    this.closeClients(code, reason);
    this.ws.terminate();
  }

  /** The owner stopping (1012) is passed on; any other end of the link says "try again" (clients reconnect, to the new owner). */
  private onLinkClosed(code: number): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.closeClients(code == CLOSE_CODES.serviceRestart ? code : CLOSE_CODES.tryAgain, code == CLOSE_CODES.serviceRestart ? "Server restarting" : "Charter moved to another instance");
    this.onClosed();
  }

  private closeClients(code: number, reason: string): void {
    const clients = [...this.clients.values()];
    this.clients.clear();
    for (const client of clients) closeClient(client, code, reason);
  }
}

/**
 * Closes a client as the owner said (a code ws may not send, or a reason too
 * long, cuts it instead). One that does not answer the close frame soon is
 * cut: ws would keep its socket for 30 s.
 */
function closeClient(client: WebSocket, code: number, reason: string): void {
  if (code == TERMINATED) return client.terminate();
  try {
    client.close(code, reason);
  } catch {
    return client.terminate();
  }
  // Read again, so that its answer (or its last messages, which cut it) is seen.
  client.resume();
  const cut = setTimeout(() => client.terminate(), CLOSE_GRACE_MS);
  cut.unref();
  client.once("close", () => clearTimeout(cut));
}
