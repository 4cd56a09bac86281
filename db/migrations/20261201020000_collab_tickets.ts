import type { Knex } from "knex";

// Single-use tickets that open a collaboration WebSocket (instead of the access token in its URL).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("collab_tickets", (t) => {
    // SHA-256 of the ticket: the ticket itself is never stored.
    t.string("token_hash", 64).primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("user_id", 36).notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("session_id", 36).notNullable().references("id").inTable("sessions").onDelete("CASCADE");
    t.string("expires_at", 32).notNullable();
    t.string("used_at", 32);
    t.index(["expires_at"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("collab_tickets");
}
