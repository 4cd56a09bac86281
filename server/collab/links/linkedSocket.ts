import { EventEmitter } from "node:events";
import type { CollabSocket } from "../collabSocket.js";
import { CLOSE_CODES, MAX_MESSAGE_BYTES } from "../../shared/collab.js";
import { TERMINATED } from "./linkFrames.js";

/** What a linked socket needs of its link (see `OwnerLink`). */
export interface LinkEnd {
  /** Queues `data` for the client `key`; `done` once written out on the link. */
  queue(key: number, data: Uint8Array, done?: (err?: Error) => void): void;
  /** Queues the client's close, after what was queued for it; the key is forgotten. */
  queueClose(key: number, code: number, reason: string): void;
}

/** Messages kept before the hub takes the socket (while it claims the charter), as `onConnection` keeps them before authenticating. */
const MAX_HELD_MESSAGES = 100;
const MAX_HELD_BYTES = 2 * MAX_MESSAGE_BYTES;

/**
 * On the owner, a client another instance forwards over a link: the hub and
 * its `Connection` see a WebSocket (`CollabSocket`); what they send goes down
 * the link, and the forwarder writes it to the client's real socket.
 *
 * `bufferedAmount` is 0: the forwarder watches the backlog of each client's
 * own socket (and drops one that does not read, 4408), and the owner the
 * backlog of the link as a whole (`OwnerLink`). `ping` does nothing: the
 * forwarder pings its clients, the owner pings the link.
 */
export class LinkedSocket extends EventEmitter implements CollabSocket {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 1;
  readonly bufferedAmount = 0;
  readonly forwarded = true;
  /** Messages that came before the hub listened; null once it does. */
  private held: Buffer[] | null = [];
  private heldBytes = 0;

  constructor(private readonly link: LinkEnd, readonly key: number) {
    super();
  }

  send(data: Uint8Array, done?: (err?: Error) => void): void {
    if (this.readyState != this.OPEN) return done?.(new Error("The socket is not open"));
    this.link.queue(this.key, data, done);
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState != this.OPEN) return;
    this.link.queueClose(this.key, code, reason);
    this.ended(code);
  }

  terminate(): void {
    this.close(TERMINATED, "");
  }

  ping(): void {}

  /** A message from the client. */
  receive(data: Buffer): void {
    if (this.readyState != this.OPEN) return;
    if (!this.held) return void this.emit("message", data, true);
    this.heldBytes += data.byteLength;
    if (this.held.length >= MAX_HELD_MESSAGES || this.heldBytes > MAX_HELD_BYTES) return this.close(CLOSE_CODES.rateLimited, "Too many messages before authentication");
    this.held.push(data);
  }

  /** The hub listens now: what came meanwhile is handed to it, in order. */
  resume(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const data of held) this.receive(data);
  }

  /** The client left, or the link went: closed without a word down the link. */
  gone(): void {
    if (this.readyState == this.CLOSED) return;
    this.ended(1006);
  }

  private ended(code: number): void {
    this.readyState = this.CLOSED;
    this.held = null;
    // As ws does, the close event comes later, not inside the call that closed.
    setImmediate(() => this.emit("close", code));
  }
}
