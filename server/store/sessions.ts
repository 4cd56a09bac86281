import type { Knex } from "knex";
import type { SessionRow } from "./rows.js";

export async function insertSession(db: Knex, row: SessionRow): Promise<void> {
  await db("sessions").insert(row);
}

export function getSession(db: Knex, id: string): Promise<SessionRow | undefined> {
  return db<SessionRow>("sessions").where({ id }).first();
}

export async function revokeSession(db: Knex, id: string, at: string): Promise<void> {
  await db("sessions").where({ id }).whereNull("revoked_at").update({ revoked_at: at });
}
