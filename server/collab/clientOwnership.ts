import type { Connection } from "./connection.js";
import type { Room } from "./room.js";

/**
 * Which user each Yjs client id writes for, so that differences credit every
 * change to its author: a client id belongs to the first user who writes with
 * it (`charter_clients`), and an update bringing new content under a client id
 * that belongs to someone else is refused (close code 4409) — otherwise an
 * editor could set its client id to the pilot's and have its text credited to
 * the pilot.
 *
 * Two cases need care:
 * - A peer hands back content the server lost (it broadcast it, then died
 *   before storing it): a y-websocket client sends its whole difference in
 *   sync step 2. Content of a client id nobody owns yet is credited to the
 *   sender, as a guess (`sure: false`), until the connection that announces
 *   that client id as its own presence writes with it. Content of a client id
 *   that belongs to another user is accepted only while the charter recovers
 *   from such a death: loaded from a log its previous server left uncompacted,
 *   for `CollabLimits.recoveryRelayMs`; it stays credited to its owner.
 * - Content the server already has (a peer's whole document after a restart)
 *   is not new: `updateFacts` does not list it.
 */

/** A client id's owner to record: new, or now sure. */
export interface ClientClaim {
  client: number;
  sure: boolean;
}

/** New content under a client id that belongs to another user. */
export class ForeignClientError extends Error {
  constructor(readonly client: number) {
    super(`Yjs client ${client} belongs to another user`);
    this.name = "ForeignClientError";
  }
}

const recoveringUntil = new WeakMap<Room, number>();

/**
 * Notes that a room was loaded from a log its previous server left
 * uncompacted (it stopped without unloading it): for `forMs`, peers may hand
 * back others' edits that server lost (`CollabLimits.recoveryRelayMs`).
 */
export function markRecovering(room: Room, forMs: number, now = Date.now()): void {
  recoveringUntil.set(room, now + forMs);
}

/**
 * Decides, before an update from `conn` is applied, whether its new content
 * may be written under each of `clients`; returns the owners to record
 * (`recordClaims`, once applied) or throws `ForeignClientError`.
 */
export function claimClients(room: Room, conn: Connection, clients: number[], now = Date.now()): ClientClaim[] {
  const userId = conn.participant.userId;
  const claims: ClientClaim[] = [];
  for (const client of clients) {
    const owner = room.clientOwners.get(client);
    const sure = conn.clientIds.has(client);
    if (!owner) claims.push({ client, sure });
    else if (owner.userId == userId) {
      if (sure && !owner.sure) claims.push({ client, sure });
    } else if (!owner.sure && sure) claims.push({ client, sure }); // the author of content a peer handed back shows up
    else if (sure || now > (recoveringUntil.get(room) ?? 0)) throw new ForeignClientError(client);
    // else: a peer hands back another user's edits lost with the previous server; they stay theirs
  }
  return claims;
}

/** Records the owners `claimClients` returned, for `userId`. */
export function recordClaims(room: Room, userId: string, claims: ClientClaim[]): void {
  for (const { client, sure } of claims) room.clientOwners.set(client, { userId, sure });
}
