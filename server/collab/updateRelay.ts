import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { MESSAGE_SYNC } from "../shared/collab.js";
import { broadcast, type Recipient } from "./broadcast.js";

/** Most updates merged into one message. */
const MAX_MERGED = 64;


/**
 * Relays a room's document updates to its connections, coalesced per turn of
 * the event loop: the updates applied while the server reads what arrived
 * (one poll phase) go out together, as one merged update per connection,
 * right after (`setImmediate`). An update alone goes out as it is, to
 * everyone but its sender; several are merged and go to everyone (a sender
 * gets its own edit back with the others', which Yjs ignores, as the
 * reference y-websocket server does for every update).
 *
 * Sending costs the server one write per connection per message, so with a
 * room of 200 it is most of the CPU an edit costs; when the server falls
 * behind (a pause, a busy core), the backlog it then reads is relayed in one
 * message instead of one per edit, so that it catches up instead of adding
 * 200 writes per edit waiting.
 */
export class UpdateRelay {
  private pending: { update: Uint8Array; origin: unknown }[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly recipients: () => Iterable<Recipient>) {}

  /** Queues an update applied to the document by `origin` (a connection, or anything else). */
  push(update: Uint8Array, origin: unknown): void {
    this.pending.push({ update, origin });
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Sends what is queued now. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    if (batch.length == 1) {
      return broadcast(this.recipients(), updateMessage(batch[0].update), batch[0].origin);
    }
    // Merged in slices: Yjs's mergeUpdates grows faster than linearly with the number of updates.
    for (let i = 0; i < batch.length; i += MAX_MERGED) {
      broadcast(this.recipients(), updateMessage(Y.mergeUpdates(batch.slice(i, i + MAX_MERGED).map((b) => b.update))));
    }
  }

  /** Drops what is queued (the room is going away). */
  destroy(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.pending = [];
  }
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}
