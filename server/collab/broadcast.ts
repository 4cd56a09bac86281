import { flushLinks } from "./links/ownerLinks.js";

/** Whom a room sends to: its connections. */
export interface Recipient {
  send(message: Uint8Array): unknown;
  /** Whether it is a client another instance forwards over a link (see `links/`). */
  readonly forwarded: boolean;
}

/**
 * Sends one message to many connections (all but `except`): first to those
 * other instances forward, so that each link's one frame for all its
 * clients leaves at once, then to this instance's own sockets. Without it,
 * the links' frames would wait for every local write (they go at the end of
 * the task), and forwarded clients would hear last what they used to hear
 * in turn. Each connection's own messages keep their order either way.
 */
export function broadcast(recipients: Iterable<Recipient>, message: Uint8Array, except?: unknown): void {
  let local: Recipient[] | null = null;
  let linked = false;
  for (const conn of recipients) {
    if (conn == except) continue;
    if (conn.forwarded) {
      conn.send(message);
      linked = true;
    } else (local ??= []).push(conn);
  }
  if (linked) flushLinks();
  if (local) for (const conn of local) conn.send(message);
}
