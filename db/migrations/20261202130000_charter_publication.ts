import type { Knex } from "knex";

// The public page of a signed charter (issue 11): when a pilot published it,
// and who. A charter with no `published_at` has no public page, and its public
// address answers as if it did not exist.
export async function up(knex: Knex): Promise<void> {
  // On SQLite the columns may be there already, left by this migration's `down`.
  if (await knex.schema.hasColumn("charters", "published_at")) return;
  await knex.schema.alterTable("charters", (t) => {
    t.string("published_at", 32);
    t.string("published_by", 36);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("charters", (t) => {
    t.dropColumn("published_at");
    t.dropColumn("published_by");
  });
}
