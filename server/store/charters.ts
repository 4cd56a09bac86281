import type { Knex } from "knex";
import type { CharterState, Role } from "../shared/roles.js";
import type { CharterRow, OrganisationRow } from "./rows.js";

export function getCharter(db: Knex, id: string): Promise<CharterRow | undefined> {
  return db<CharterRow>("charters").where({ id }).first();
}

/** The charters a user is a member of, with their role, newest first. */
export function listChartersOfUser(db: Knex, userId: string): Promise<(CharterRow & { role: Role; membership_organisation_id: string | null })[]> {
  return db("charters")
    .join("memberships", "memberships.charter_id", "charters.id")
    .where("memberships.user_id", userId)
    .select("charters.*", "memberships.role as role", "memberships.organisation_id as membership_organisation_id")
    .orderBy([{ column: "charters.created_at", order: "desc" }, { column: "charters.id" }]);
}

export async function insertCharter(db: Knex, row: CharterRow): Promise<void> {
  await db("charters").insert(row);
}

export async function insertSignatories(db: Knex, charterId: string, organisationIds: string[]): Promise<void> {
  if (!organisationIds.length) return;
  await db("charter_signatories").insert(organisationIds.map((organisation_id, position) => ({ charter_id: charterId, organisation_id, position })));
}

/** The charter's signatory organisations, in the order chosen. */
export function listSignatories(db: Knex, charterId: string): Promise<OrganisationRow[]> {
  return db("charter_signatories")
    .join("organisations", "organisations.id", "charter_signatories.organisation_id")
    .where("charter_signatories.charter_id", charterId)
    .orderBy("charter_signatories.position")
    .select("organisations.*");
}

/**
 * Locks a charter's row until the end of the transaction, so that commands
 * numbering its versions one after another do not pick the same number
 * (SQLite has one writer at a time already).
 */
export async function lockCharter(trx: Knex, id: string): Promise<void> {
  if (String(trx.client.config.client).startsWith("p")) await trx("charters").where({ id }).forUpdate().first("id");
}

/** The tables that hold a charter's rows, children first (each also cascades from `charters`, for tables added later). */
const CHARTER_TABLES = [
  "comments", "charter_versions", "charter_updates", "charter_clients", "charter_deletions", "collab_tickets", "invitations", "memberships", "charter_signatories",
];

/** Deletes a charter and every row of it (in the caller's transaction); the audit log keeps its record. */
export async function deleteCharterRows(trx: Knex, id: string): Promise<void> {
  await trx("charters").where({ id }).update({ frozen_version_id: null });
  for (const table of CHARTER_TABLES) await trx(table).where({ charter_id: id }).delete();
  await trx("charters").where({ id }).delete();
}

/** Changes a charter's state if it is still in one of `from`; whether it did. */
export async function changeCharterState(trx: Knex, id: string, from: CharterState[], to: CharterState, at: string): Promise<boolean> {
  return (await trx("charters").where({ id }).whereIn("state", from).update({ state: to, updated_at: at })) == 1;
}
