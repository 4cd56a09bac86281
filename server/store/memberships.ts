import type { Knex } from "knex";
import type { Role } from "../shared/roles.js";
import type { MembershipRow } from "./rows.js";

export function getMembership(db: Knex, charterId: string, userId: string): Promise<MembershipRow | undefined> {
  return db<MembershipRow>("memberships").where({ charter_id: charterId, user_id: userId }).first();
}

/** A member with the fields the members page shows. */
export interface MemberListRow extends MembershipRow {
  user_name: string;
  user_email: string;
  job_title: string | null;
  organisation_name: string | null;
}

export function listMembers(db: Knex, charterId: string): Promise<MemberListRow[]> {
  return memberRows(db, charterId);
}

/** One member, as `listMembers` shows it. */
export async function getMemberRow(db: Knex, charterId: string, userId: string): Promise<MemberListRow | undefined> {
  return (await memberRows(db, charterId).where("memberships.user_id", userId))[0];
}

function memberRows(db: Knex, charterId: string): Knex.QueryBuilder {
  return db("memberships")
    .join("users", "users.id", "memberships.user_id")
    .leftJoin("organisations", "organisations.id", "memberships.organisation_id")
    .where("memberships.charter_id", charterId)
    .select("memberships.*", "users.name as user_name", "users.email as user_email", "users.job_title as job_title", "organisations.name as organisation_name")
    .orderBy([{ column: "memberships.created_at" }, { column: "users.name" }]);
}

export async function insertMembership(db: Knex, row: MembershipRow): Promise<void> {
  await db("memberships").insert(row);
}

export async function updateMembershipRole(db: Knex, id: string, role: Role, at: string): Promise<void> {
  await db("memberships").where({ id }).update({ role, updated_at: at });
}

export async function deleteMembership(db: Knex, id: string): Promise<void> {
  await db("memberships").where({ id }).delete();
}

export async function countPilots(db: Knex, charterId: string): Promise<number> {
  const row = await db("memberships").where({ charter_id: charterId, role: "pilot" }).count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}
