import type { Knex } from "knex";
import type { UserRow } from "./rows.js";
import type { PlatformRole } from "../shared/roles.js";

/** Emails are compared without case or surrounding spaces. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function findUserByEmail(db: Knex, email: string): Promise<UserRow | undefined> {
  return db<UserRow>("users").where({ email: normalizeEmail(email) }).first();
}

export function getUser(db: Knex, id: string): Promise<UserRow | undefined> {
  return db<UserRow>("users").where({ id }).first();
}

export async function setPlatformRole(db: Knex, id: string, role: PlatformRole): Promise<void> {
  await db("users").where({ id }).update({ platform_role: role });
}

export async function insertUser(db: Knex, row: UserRow): Promise<void> {
  await db("users").insert({ ...row, email: normalizeEmail(row.email) });
}
