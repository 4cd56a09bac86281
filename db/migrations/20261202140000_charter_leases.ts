import type { Knex } from "knex";

// Several instances on one PostgreSQL: each open charter has one owner, under
// a lease whose epoch fences the writes of an owner that lost it. SQLite (one
// process) gets the same tables and never fills them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("charter_leases", (t) => {
    t.string("charter_id", 36).primary().references("id").inTable("charters").onDelete("CASCADE");
    t.string("instance_id", 100).notNullable();
    // Where the other instances forward this charter's connections.
    t.string("address", 300).notNullable();
    // Incremented at every change of owner; a write is accepted only under the current one.
    t.bigInteger("epoch").notNullable();
    // On the database clock (now()), never a process clock.
    t.timestamp("expires_at", { useTz: true }).notNullable();
    // The owner's liveness connection: once PostgreSQL no longer lists it, the lease is free.
    t.integer("liveness_pid");
    t.timestamp("liveness_started", { useTz: true });
    t.index(["instance_id"]);
  });
  // The lease epoch each stored update was written under (null: written without a lease, on SQLite or before this migration).
  await knex.schema.alterTable("charter_updates", (t) => {
    t.bigInteger("epoch");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("charter_updates", (t) => {
    t.dropColumn("epoch");
  });
  await knex.schema.dropTable("charter_leases");
}
