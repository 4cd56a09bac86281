import { createHash, randomBytes } from "node:crypto";
import type { Services } from "../services.js";
import { deleteExpiredCollabTickets, getCollabTicket, insertCollabTicket, useCollabTicket } from "../store/collabTickets.js";

/**
 * Single-use tickets that open a collaboration WebSocket. The browser cannot
 * set headers on a WebSocket, and an access token in the URL would end up in
 * logs and proxies for hours; a ticket is good once, for one charter, for
 * `ticketTtlSeconds`, and is asked for with the access token over REST.
 */

const hashTicket = (ticket: string) => createHash("sha256").update(ticket).digest("hex");

/** Who a redeemed ticket speaks for. */
export interface TicketHolder {
  userId: string;
  sessionId: string;
}

/** Makes a ticket for a signed-in session to open one charter's WebSocket. */
export async function issueCollabTicket(services: Services, holder: TicketHolder & { charterId: string }): Promise<{ ticket: string; expiresAt: string }> {
  const ticket = randomBytes(32).toString("base64url");
  const now = Date.now();
  const expiresAt = new Date(now + services.config.collab.ticketTtlSeconds * 1000).toISOString();
  await deleteExpiredCollabTickets(services.db, new Date(now - 3600_000).toISOString());
  await insertCollabTicket(services.db, {
    token_hash: hashTicket(ticket), charter_id: holder.charterId, user_id: holder.userId, session_id: holder.sessionId, expires_at: expiresAt, used_at: null,
  });
  return { ticket, expiresAt };
}

/**
 * Whether a ticket could open this charter's socket now (known, unused,
 * unexpired, for this charter), without using it: checked before an
 * instance claims or forwards anything for a connection, so that one
 * without a ticket costs no lease and no forwarding.
 */
export async function collabTicketUsable(services: Services, ticket: string | null, charterId: string): Promise<boolean> {
  if (!ticket || ticket.length > 100) return false;
  const row = await getCollabTicket(services.db, hashTicket(ticket));
  return !!row && row.charter_id == charterId && row.used_at == null && row.expires_at > new Date().toISOString();
}

/** Uses a ticket for a charter: its holder, or null if it is unknown, used, expired or for another charter. */
export async function redeemCollabTicket(services: Services, ticket: string | null, charterId: string): Promise<TicketHolder | null> {
  if (!ticket || ticket.length > 100) return null;
  const hash = hashTicket(ticket);
  if (!(await useCollabTicket(services.db, hash, new Date().toISOString()))) return null;
  const row = await getCollabTicket(services.db, hash);
  if (!row || row.charter_id != charterId) return null;
  return { userId: row.user_id, sessionId: row.session_id };
}
