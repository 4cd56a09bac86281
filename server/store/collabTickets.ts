import type { Knex } from "knex";

/** A WebSocket ticket as stored (only its hash). */
export interface CollabTicketRow {
  token_hash: string;
  charter_id: string;
  user_id: string;
  session_id: string;
  expires_at: string;
  used_at: string | null;
}

export async function insertCollabTicket(db: Knex, row: CollabTicketRow): Promise<void> {
  await db("collab_tickets").insert(row);
}

/**
 * Marks a ticket used, if it is still unused and unexpired: true for exactly
 * one caller, however many race with the same ticket.
 */
export async function useCollabTicket(db: Knex, tokenHash: string, at: string): Promise<boolean> {
  const changed = await db("collab_tickets").where({ token_hash: tokenHash }).whereNull("used_at").where("expires_at", ">", at).update({ used_at: at });
  return changed == 1;
}

export function getCollabTicket(db: Knex, tokenHash: string): Promise<CollabTicketRow | undefined> {
  return db<CollabTicketRow>("collab_tickets").where({ token_hash: tokenHash }).first();
}

/** Forgets tickets that expired before `before`. */
export async function deleteExpiredCollabTickets(db: Knex, before: string): Promise<void> {
  await db("collab_tickets").where("expires_at", "<", before).delete();
}
