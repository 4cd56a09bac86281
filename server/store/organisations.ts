import type { Knex } from "knex";
import type { OrganisationRow } from "./rows.js";

export function listOrganisations(db: Knex, departmentCode?: string): Promise<OrganisationRow[]> {
  const q = db<OrganisationRow>("organisations").orderBy("name");
  return departmentCode ? q.where({ department_code: departmentCode }) : q;
}

export function getOrganisation(db: Knex, id: string): Promise<OrganisationRow | undefined> {
  return db<OrganisationRow>("organisations").where({ id }).first();
}

export function getOrganisations(db: Knex, ids: string[]): Promise<OrganisationRow[]> {
  return db<OrganisationRow>("organisations").whereIn("id", ids);
}

export async function insertOrganisation(db: Knex, row: OrganisationRow): Promise<void> {
  await db("organisations").insert(row);
}
