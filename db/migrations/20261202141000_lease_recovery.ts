import type { Knex } from "knex";

// Until when peers may hand back the edits a dead owner of a charter lost
// (others' content under their client ids): kept with the lease, so that it
// holds on whichever instance serves the charter next, after the log that
// showed the death has been compacted away.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("charter_leases", (t) => {
    t.timestamp("recovering_until", { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("charter_leases", (t) => {
    t.dropColumn("recovering_until");
  });
}
