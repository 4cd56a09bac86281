import type { Knex } from "knex";

// Comments anchored to any passage of the text, not only to a clause: two
// Yjs relative positions (base64), the passage's text when it was commented,
// and a clause id that is now optional (a passage in the preamble or in a
// section's introduction is in no clause). Existing comments keep their clause.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("comments", (t) => {
    t.string("anchor_from", 256);
    t.string("anchor_to", 256);
    t.text("quote");
  });
  await knex.schema.alterTable("comments", (t) => {
    t.string("clause_id", 64).nullable().alter();
  });
}

export async function down(knex: Knex): Promise<void> {
  // Passage comments outside clauses cannot be kept without a clause.
  await knex("comments").whereNull("clause_id").delete();
  await knex.schema.alterTable("comments", (t) => {
    t.string("clause_id", 64).notNullable().alter();
  });
  await knex.schema.alterTable("comments", (t) => {
    t.dropColumn("quote");
    t.dropColumn("anchor_to");
    t.dropColumn("anchor_from");
  });
}
