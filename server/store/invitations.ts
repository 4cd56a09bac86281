import type { Knex } from "knex";
import type { InvitationRow } from "./rows.js";

export async function insertInvitation(db: Knex, row: InvitationRow): Promise<void> {
  await db("invitations").insert(row);
}

export function getInvitationByTokenHash(db: Knex, tokenHash: string): Promise<InvitationRow | undefined> {
  return db<InvitationRow>("invitations").where({ token_hash: tokenHash }).first();
}

export function getInvitation(db: Knex, charterId: string, id: string): Promise<InvitationRow | undefined> {
  return db<InvitationRow>("invitations").where({ charter_id: charterId, id }).first();
}

/** Invitations not yet accepted nor revoked (expired ones included, so the pilot sees them). */
export function listPendingInvitations(db: Knex, charterId: string): Promise<(InvitationRow & { organisation_name: string | null })[]> {
  return db("invitations")
    .leftJoin("organisations", "organisations.id", "invitations.organisation_id")
    .where("invitations.charter_id", charterId)
    .whereNull("invitations.accepted_at")
    .whereNull("invitations.revoked_at")
    .select("invitations.*", "organisations.name as organisation_name")
    .orderBy("invitations.created_at", "desc");
}

/** Marks the invitation accepted, unless someone else did first; true if this call did. */
export async function markInvitationAccepted(db: Knex, id: string, userId: string, at: string): Promise<boolean> {
  const n = await db("invitations").where({ id }).whereNull("accepted_at").whereNull("revoked_at").update({ accepted_at: at, accepted_by: userId });
  return n == 1;
}

export async function markInvitationRevoked(db: Knex, id: string, at: string): Promise<void> {
  await db("invitations").where({ id }).update({ revoked_at: at });
}
