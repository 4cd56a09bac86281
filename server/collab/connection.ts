import type { WebSocket } from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Role } from "../shared/roles.js";
import { MESSAGE_ACCESS, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_STORED, MESSAGE_SYNC } from "../shared/collab.js";
import { frame, type Room } from "./room.js";

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

/**
 * One client's WebSocket into a room: it reads y-websocket messages, lets the
 * hub judge and store updates, and answers "is it stored?" requests once the
 * updates received before them are committed.
 */
export class Connection {
  /** The awareness client ids this connection speaks for. */
  readonly clientIds = new Set<number>();
  /** Commits of this connection's updates not yet known to be done. */
  private pendingStores = new Set<Promise<void>>();

  constructor(
    readonly ws: WebSocket,
    readonly room: Room,
    public participant: Participant,
    /** Judges, applies and stores an update; throws to refuse it. */
    private acceptUpdate: (conn: Connection, update: Uint8Array) => Promise<void> | null,
  ) {}

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

  /** Handles one message; throws `ProtocolError` (or a validation error) to have the connection closed. */
  handle(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return this.handleSync(decoder);
      case MESSAGE_AWARENESS:
        return this.handleAwareness(decoding.readVarUint8Array(decoder));
      case MESSAGE_QUERY_AWARENESS: {
        const ids = [...this.room.awareness.getStates().keys()];
        this.send(frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids))));
        return;
      }
      case MESSAGE_AUTH:
        return; // the server authenticates at connection time; nothing to read here
      case MESSAGE_STORED:
        return this.handleStoredRequest(decoding.readVarUint(decoder));
      default:
        throw new ProtocolError(`Unknown message type ${type}`);
    }
  }

  private handleSync(decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType == syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      this.send(frame(MESSAGE_SYNC, (e) => {
        encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(this.room.doc, stateVector));
      }));
      return;
    }
    if (syncType != syncProtocol.messageYjsSyncStep2 && syncType != syncProtocol.messageYjsUpdate)
      throw new ProtocolError(`Unknown sync message type ${syncType}`);
    const update = decoding.readVarUint8Array(decoder);
    // Read-only participants still sync (their step 2 may carry edits made
    // elsewhere); whatever they send is dropped: it never reaches others or the database.
    if (!this.participant.canEdit) return;
    const stored = this.acceptUpdate(this, update);
    if (stored) {
      this.pendingStores.add(stored);
      stored.finally(() => this.pendingStores.delete(stored)).catch(() => {});
    }
  }

  private handleAwareness(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: { clientId: number; clock: number; state: unknown }[] = [];
    const owners = this.room.awarenessOwners;
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = JSON.parse(decoding.readVarString(decoder));
      // y-websocket clients echo the presence of others back; only a
      // connection's own clients are taken from it.
      const owner = owners.get(clientId);
      if (owner && owner != this) continue;
      owners.set(clientId, this);
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

  /** Sends a message if the socket is open. */
  send(message: Uint8Array): void {
    if (this.ws.readyState == this.ws.OPEN) this.ws.send(message);
  }

  /** Closes with a code from `CLOSE_CODES`. */
  close(code: number, reason: string): void {
    if (this.ws.readyState == this.ws.OPEN || this.ws.readyState == this.ws.CONNECTING) this.ws.close(code, reason.slice(0, 120));
  }
}
