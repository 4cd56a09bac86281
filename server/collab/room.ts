import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import type { Connection } from "./connection.js";
import { UpdateRelay } from "./updateRelay.js";
import { broadcast } from "./broadcast.js";
import { MESSAGE_AWARENESS } from "../shared/collab.js";

/**
 * One charter's live draft, shared by everyone connected to it: the Y.Doc,
 * the presence (awareness) and the connections. Updates applied to the doc
 * are relayed to every other connection at once; storing them is the hub's.
 */
export class Room {
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** Which connection speaks for each awareness client id, so none can change another's presence. */
  readonly awarenessOwners = new Map<number, Connection>();
  /** The user each presence id was first announced by: after they leave, no one else may take it over. */
  readonly presenceUsers = new Map<number, string>();
  /** The user each Yjs client id writes for; `sure` once seen from that client's own connection. */
  readonly clientOwners = new Map<number, { userId: string; sure: boolean }>();
  /** Updates stored since the log was last compacted. */
  storedSinceCompaction = 0;
  /** Whether the draft changed since it was loaded (for automatic checkpoints). */
  changed = false;
  /** Set when the lease was lost: the room is dropped without saving anything more. */
  lost = false;

  /** Presence ids changed since presence was last relayed. */
  private readonly presenceChanged = new Set<number>();
  /** Document updates, relayed to the connections once per turn of the event loop (see `UpdateRelay`). */
  private readonly relay = new UpdateRelay(() => this.connections);
  private presenceTimer: NodeJS.Timeout | null = null;
  private presenceRelayedAt = -Infinity;

  /**
   * `doc` holds the stored draft, loaded before the room listens to it (so
   * loading is not relayed). Presence is relayed at most every
   * `presenceIntervalMs`: changes in between are coalesced, last state wins.
   */
  constructor(
    readonly charterId: string,
    readonly doc: Y.Doc,
    private readonly presenceIntervalMs = 100,
    /** The lease epoch this instance serves the charter under: its writes are made only while it holds it. */
    readonly epoch = 0,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.changed = true;
      this.relay.push(update, origin);
    });
    this.awareness.on("update", ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      if (origin instanceof Object && "clientIds" in origin) {
        const conn = origin as Connection;
        for (const id of added) conn.clientIds.add(id);
        for (const id of removed) conn.clientIds.delete(id);
      }
      for (const id of added) this.presenceChanged.add(id);
      for (const id of updated) this.presenceChanged.add(id);
      for (const id of removed) this.presenceChanged.add(id);
      // A departure goes out at once: its clock is forgotten right after (see removePresence).
      if (removed.length) this.relayPresence();
      else this.schedulePresence();
    });
  }

  private schedulePresence(): void {
    if (this.presenceTimer) return;
    const wait = this.presenceRelayedAt + this.presenceIntervalMs - performance.now();
    if (wait <= 0) return this.relayPresence();
    this.presenceTimer = setTimeout(() => this.relayPresence(), wait);
  }

  /** Sends every presence changed since the last time, in one message, to everyone. */
  private relayPresence(): void {
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    const ids = [...this.presenceChanged].filter((id) => this.awareness.meta.has(id));
    this.presenceChanged.clear();
    if (!ids.length) return;
    this.presenceRelayedAt = performance.now();
    const message = frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    broadcast(this.connections, message);
  }

  /** Forgets the presence of a connection's clients (it left). */
  removePresence(conn: Connection): void {
    for (const [id, owner] of this.awarenessOwners) if (owner == conn) this.awarenessOwners.delete(id);
    if (!conn.clientIds.size) return;
    const ids = [...conn.clientIds];
    awarenessProtocol.removeAwarenessStates(this.awareness, ids, "server");
    // Forget their clocks too: a client that reconnects starts its presence again from the same clock.
    for (const id of ids) this.awareness.meta.delete(id);
  }

  destroy(): void {
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.relay.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/** A protocol message: its type, then what `write` adds. */
export function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}
