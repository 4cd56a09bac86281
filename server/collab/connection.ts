import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Role } from "../shared/roles.js";
import type { CollabLimits } from "../config.js";
import { CLOSE_CODES, MESSAGE_ACCESS, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_STORED, MESSAGE_SYNC } from "../shared/collab.js";
import { frame, type Room } from "./room.js";
import { MessageBudget, type MessageKind } from "./messageBudget.js";
import { PendingUpdateError } from "./updateValidator.js";
import { sendFramed } from "./framedSend.js";
import type { CollabSocket } from "./collabSocket.js";

/** Who is at the other end of a connection, as the server established it. */
export interface Participant {
  userId: string;
  sessionId: string;
  name: string;
  organisation: string | null;
  role: Role;
  canEdit: boolean;
}

/** A message the protocol does not allow. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

/** A message that breaks one of the connection's limits: the connection is closed with `code`. */
export class LimitError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = "LimitError";
  }
}

/**
 * One client's WebSocket into a room: it reads y-websocket messages, lets the
 * hub judge and store updates, and answers "is it stored?" requests once the
 * updates received before them are committed.
 */
export class Connection {
  /** The awareness client ids this connection speaks for. */
  readonly clientIds = new Set<number>();
  /** Every presence id this connection ever announced (a removed one still counts against its limit). */
  private readonly announced = new Set<number>();
  /** Commits of this connection's updates not yet known to be done. */
  private pendingStores = new Set<Promise<void>>();
  /** Whether the client's sync step 2 (what it has that the server lacks) has come. */
  private clientSynced = false;
  /** Updates that came before it and depend on what it brings, in order (see `handleSync`). */
  private parked: { update: Uint8Array; settle: (stored: Promise<void>) => void }[] = [];
  private parkedBytes = 0;
  private parkedTimer: NodeJS.Timeout | null = null;
  private readonly budget: MessageBudget;
  /** Whether a sync answer is still on its way out; the latest request that came meanwhile. */
  private syncInFlight = false;
  private queuedSyncRequest: Uint8Array | null = null;

  constructor(
    readonly ws: CollabSocket,
    readonly room: Room,
    public participant: Participant,
    private readonly limits: CollabLimits,
    /** Judges, applies and stores an update; throws to refuse it. */
    private acceptUpdate: (conn: Connection, update: Uint8Array) => Promise<void> | null,
  ) {
    this.budget = new MessageBudget(limits);
  }

  /** Whether another instance forwards this client over a link (see `links/`). */
  get forwarded(): boolean {
    return this.ws.forwarded === true;
  }

  /** Starts the sync: the server's state vector, presence, and this connection's access. */
  start(): void {
    this.send(frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.room.doc)));
    const states = this.room.awareness.getStates();
    if (states.size)
      this.send(frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, [...states.keys()]))));
    this.sendAccess();
  }

  /** Tells the client whether it may edit. */
  sendAccess(): void {
    this.send(frame(MESSAGE_ACCESS, (e) => encoding.writeVarUint(e, this.participant.canEdit ? 1 : 0)));
  }

  /** Rewrites this connection's presence with its current identity (role or access changed), for everyone at once. */
  refreshPresence(): void {
    const awareness = this.room.awareness;
    const ids = [...this.clientIds].filter((id) => awareness.getStates().get(id));
    if (!ids.length) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, ids.length);
    for (const id of ids) {
      const state = { ...awareness.getStates().get(id)! };
      state.user = { ...(state.user ?? {}), ...this.identity() };
      encoding.writeVarUint(encoder, id);
      encoding.writeVarUint(encoder, (awareness.meta.get(id)?.clock ?? 0) + 1);
      encoding.writeVarString(encoder, JSON.stringify(state));
    }
    awarenessProtocol.applyAwarenessUpdate(awareness, encoding.toUint8Array(encoder), this);
  }

  /**
   * Handles one message; throws `ProtocolError`, `LimitError` (or a
   * validation error) to have the connection closed. Every message is charged
   * to its kind's budget first, whatever the participant's role.
   */
  handle(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return this.handleSync(decoder, data.byteLength);
      case MESSAGE_AWARENESS:
        this.charge("awareness");
        return this.handleAwareness(decoding.readVarUint8Array(decoder));
      case MESSAGE_QUERY_AWARENESS: {
        this.charge("syncRequests");
        const ids = [...this.room.awareness.getStates().keys()];
        if (ids.length) this.send(frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids))));
        return;
      }
      case MESSAGE_AUTH:
        this.charge("charteMessages");
        return; // the server authenticates at connection time; nothing to read here
      case MESSAGE_STORED:
        this.charge("charteMessages");
        return this.handleStoredRequest(decoding.readVarUint(decoder));
      default:
        throw new ProtocolError(`Unknown message type ${type}`);
    }
  }

  private charge(kind: MessageKind, cost = 1): void {
    if (!this.budget.take(kind, cost)) throw new LimitError(CLOSE_CODES.rateLimited, `Too many messages (${kind})`);
  }

  private handleSync(decoder: decoding.Decoder, bytes: number): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType == syncProtocol.messageYjsSyncStep1) {
      this.charge("syncRequests");
      this.answerSyncRequest(decoding.readVarUint8Array(decoder));
      return;
    }
    if (syncType != syncProtocol.messageYjsSyncStep2 && syncType != syncProtocol.messageYjsUpdate)
      throw new ProtocolError(`Unknown sync message type ${syncType}`);
    this.charge("updates");
    this.charge("updateBytes", bytes);
    const update = decoding.readVarUint8Array(decoder);
    // Read-only participants still sync (their step 2 may carry edits made
    // elsewhere); whatever they send is dropped: it never reaches others or the database.
    if (!this.participant.canEdit) return;
    if (syncType == syncProtocol.messageYjsSyncStep2) {
      this.track(this.acceptUpdate(this, update));
      this.clientSynced = true;
      return this.acceptParked();
    }
    try {
      this.track(this.acceptUpdate(this, update));
    } catch (err) {
      // y-websocket sends what is typed as soon as the socket opens, before its
      // step 2: a keystroke right after reconnecting may build on edits made
      // offline that only the step 2 brings. Such an update waits for it.
      if (err instanceof PendingUpdateError && !this.clientSynced && this.park(update)) return;
      throw err;
    }
  }

  private track(stored: Promise<void> | null): void {
    if (!stored) return;
    this.pendingStores.add(stored);
    stored.finally(() => this.pendingStores.delete(stored)).catch(() => {});
  }

  /** Keeps an update until the client's step 2 (within bounds); "is it stored?" waits for it too. */
  private park(update: Uint8Array): boolean {
    if (this.parked.length >= this.limits.maxParkedUpdates || this.parkedBytes + update.byteLength > this.limits.maxParkedBytes) return false;
    let settle!: (stored: Promise<void>) => void;
    this.track(new Promise<void>((resolve, reject) => { settle = (stored) => stored.then(resolve, reject); }));
    this.parked.push({ update, settle });
    this.parkedBytes += update.byteLength;
    this.parkedTimer ??= setTimeout(() => this.close(CLOSE_CODES.badMessage, "Update dependencies never came"), this.limits.firstMessageTimeoutMs);
    return true;
  }

  /** Applies the parked updates now that the step 2 is in: any still missing a dependency is refused. */
  private acceptParked(): void {
    if (this.parkedTimer) clearTimeout(this.parkedTimer);
    this.parkedTimer = null;
    const parked = this.parked.splice(0);
    this.parkedBytes = 0;
    for (const { update, settle } of parked) {
      try {
        settle(this.acceptUpdate(this, update) ?? Promise.resolve());
      } catch (err) {
        settle(Promise.reject(err));
        throw err;
      }
    }
  }

  /**
   * Answers a sync request with what the client lacks, one at a time: while
   * an answer is still being written out, a new request waits (only the
   * latest is kept), so a client that asks again and again without reading
   * never has the document queued more than once.
   */
  private answerSyncRequest(stateVector: Uint8Array): void {
    // Decoded now, while the message is handled: a malformed one queued and
    // read later from the send callback would throw outside any handler.
    Y.decodeStateVector(stateVector);
    if (this.syncInFlight) {
      this.queuedSyncRequest = stateVector;
      return;
    }
    const message = frame(MESSAGE_SYNC, (e) => {
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(this.room.doc, stateVector));
    });
    this.syncInFlight = true;
    const sent = this.send(message, () => {
      this.syncInFlight = false;
      const next = this.queuedSyncRequest;
      this.queuedSyncRequest = null;
      if (next && this.ws.readyState == this.ws.OPEN) this.answerSyncRequest(next);
    });
    if (!sent) this.syncInFlight = false;
  }

  private handleAwareness(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: { clientId: number; clock: number; state: unknown }[] = [];
    const room = this.room;
    const userId = this.participant.userId;
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      // y-websocket clients echo the presence of others back; only a
      // connection's own clients are taken from it (and not parsed otherwise).
      if (!this.mayAnnounce(clientId, userId)) continue;
      if (json.length > this.limits.maxPresenceBytes) throw new LimitError(CLOSE_CODES.tooLarge, "Presence state too large");
      const state = JSON.parse(json);
      room.awarenessOwners.set(clientId, this);
      room.presenceUsers.set(clientId, userId);
      // Names and roles come from the server, not from what the client claims.
      if (state && typeof state == "object") state.user = { ...(typeof state.user == "object" ? state.user : {}), ...this.identity() };
      entries.push({ clientId, clock, state });
    }
    if (!entries.length) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, entries.length);
    for (const { clientId, clock, state } of entries) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, JSON.stringify(state));
    }
    awarenessProtocol.applyAwarenessUpdate(this.room.awareness, encoding.toUint8Array(encoder), this);
  }

  /**
   * Whether this connection may speak for a presence id: one it announced
   * already, or a new one (within `maxPresencePerConnection`) that no other
   * connection holds, that no other user held in this room, and that is not
   * the Yjs client id another user surely writes with.
   */
  private mayAnnounce(clientId: number, userId: string): boolean {
    const room = this.room;
    const owner = room.awarenessOwners.get(clientId);
    if (owner) return owner == this;
    // A Yjs client id only guessed to be the user who relayed its content (after a restart) stays free for its real author.
    const writer = room.clientOwners.get(clientId);
    const user = room.presenceUsers.get(clientId) ?? (writer?.sure ? writer.userId : undefined);
    if (user != null && user != userId) return false;
    if (!this.announced.has(clientId)) {
      if (this.announced.size >= this.limits.maxPresencePerConnection) return false;
      this.announced.add(clientId);
    }
    return true;
  }

  private identity() {
    const p = this.participant;
    return { id: p.userId, name: p.name, organisation: p.organisation, role: p.role, mode: p.canEdit ? "editing" : "reading" };
  }

  private handleStoredRequest(seq: number): void {
    const waiting = [...this.pendingStores];
    const reply = () => this.send(frame(MESSAGE_STORED, (e) => encoding.writeVarUint(e, seq)));
    if (!waiting.length) reply();
    else Promise.all(waiting).then(reply, () => {});
  }

  /**
   * Sends a message if the socket is open; `done` runs once it is written
   * out. A client whose backlog is over `maxBufferedBytes` does not read:
   * it is dropped at once (4408), so that it holds no more of the server's
   * memory (a close frame would wait behind the backlog). False if not sent.
   */
  send(message: Uint8Array, done?: () => void): boolean {
    const ws = this.ws;
    if (ws.readyState != ws.OPEN) return false;
    if (ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.drop(CLOSE_CODES.tooSlow, "Not reading");
      return false;
    }
    sendFramed(ws, message, done);
    return true;
  }

  /** Why the server ended this connection, if it did. */
  closedWith: number | null = null;

  /** Closes and cuts the socket at once, for a peer that may not read the close frame. */
  drop(code: number, reason: string): void {
    this.closedWith ??= code;
    if (this.ws.readyState == this.ws.OPEN) this.ws.close(code, reason);
    this.ws.terminate();
  }

  /** Closes with a code from `CLOSE_CODES`. */
  close(code: number, reason: string): void {
    this.closedWith ??= code;
    if (this.parkedTimer) clearTimeout(this.parkedTimer);
    if (this.ws.readyState == this.ws.OPEN || this.ws.readyState == this.ws.CONNECTING) this.ws.close(code, reason.slice(0, 120));
  }
}
