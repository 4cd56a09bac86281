import type { Knex } from "knex";

// Creating charters and organisations becomes a platform role of its own,
// `creator` (beside `admin` and `member`): being invited as pilot of one
// charter no longer gives it. Who already created a charter keeps the right.
export async function up(knex: Knex): Promise<void> {
  await knex("users").where({ platform_role: "member" }).whereIn("id", knex("charters").select("created_by")).update({ platform_role: "creator" });
}

export async function down(knex: Knex): Promise<void> {
  await knex("users").where({ platform_role: "creator" }).update({ platform_role: "member" });
}
