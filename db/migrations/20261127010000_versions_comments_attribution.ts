import type { Knex } from "knex";

// Versions, comments, and who wrote what (for attributed differences).
const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("charter_versions", (t) => {
    t.string("id", 36).primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.integer("number").notNullable();
    t.string("label", 200).notNullable();
    // "named" (saved by someone) or "auto" (a checkpoint the server took).
    t.string("kind", 10).notNullable();
    t.string("author_id", 36).references("id").inTable("users");
    ts(t, "created_at").notNullable();
    // SHA-256 of the canonical form of the document (server/domain/versions/canonical.ts).
    t.string("hash", 64).notNullable();
    t.text("document").notNullable();
    t.binary("ystate").notNullable();
    t.unique(["charter_id", "number"]);
  });

  await knex.schema.alterTable("charters", (t) => {
    t.string("frozen_version_id", 36).references("id").inTable("charter_versions");
  });

  await knex.schema.createTable("comments", (t) => {
    t.string("id", 36).primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("clause_id", 64).notNullable();
    t.string("parent_id", 36).references("id").inTable("comments").onDelete("CASCADE");
    t.string("author_id", 36).notNullable().references("id").inTable("users");
    t.text("body").notNullable();
    ts(t, "created_at").notNullable();
    ts(t, "updated_at").notNullable();
    ts(t, "resolved_at");
    t.string("resolved_by", 36).references("id").inTable("users");
    t.index(["charter_id", "clause_id"]);
  });

  // Which user each Yjs client id writes for: the author of inserted content.
  await knex.schema.createTable("charter_clients", (t) => {
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.bigInteger("client_id").notNullable();
    t.string("user_id", 36).notNullable().references("id").inTable("users");
    // Whether the id was seen from its own connection (its presence), or only relayed by a peer.
    t.boolean("sure").notNullable().defaultTo(false);
    t.primary(["charter_id", "client_id"]);
  });

  // What each user deleted (Yjs delete sets, merged now and then): the author of deletions.
  await knex.schema.createTable("charter_deletions", (t) => {
    t.bigIncrements("id").primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("user_id", 36).notNullable().references("id").inTable("users");
    // JSON: {"clientId": [[clock, length], …]}.
    t.text("delete_set").notNullable();
    t.index(["charter_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("charter_deletions");
  await knex.schema.dropTableIfExists("charter_clients");
  await knex.schema.dropTableIfExists("comments");
  await knex.schema.alterTable("charters", (t) => t.dropColumn("frozen_version_id"));
  await knex.schema.dropTableIfExists("charter_versions");
}
