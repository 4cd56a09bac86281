import type { Knex } from "knex";

// Named versions get a number of their own (V1, V2…), apart from the automatic
// checkpoints; `number` stays the order of every version and checkpoint taken.
// Checkpoints say why they were taken (`leave`: the last editor left; `restore`:
// the draft before a restore), and when someone last looked at one (so a
// checkpoint being compared is not merged away, see checkpointMerge.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("charter_versions", (t) => {
    t.integer("named_number");
    t.string("checkpoint_reason", 20);
    t.string("viewed_at", 32);
  });
  // Existing named versions are numbered in the order they were saved, charter by charter.
  const named: { id: string; charter_id: string }[] = await knex("charter_versions").where({ kind: "named" }).orderBy(["charter_id", "number"]).select("id", "charter_id");
  const next = new Map<string, number>();
  for (const { id, charter_id } of named) {
    const n = (next.get(charter_id) ?? 0) + 1;
    next.set(charter_id, n);
    await knex("charter_versions").where({ id }).update({ named_number: n });
  }
  await knex("charter_versions").where({ kind: "auto" }).where("label", "like", "Avant la restauration%").update({ checkpoint_reason: "restore" });
  await knex("charter_versions").where({ kind: "auto" }).whereNull("checkpoint_reason").update({ checkpoint_reason: "leave" });
  await knex.schema.alterTable("charter_versions", (t) => {
    t.unique(["charter_id", "named_number"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("charter_versions", (t) => {
    t.dropUnique(["charter_id", "named_number"]);
  });
  await knex.schema.alterTable("charter_versions", (t) => {
    t.dropColumn("viewed_at");
    t.dropColumn("checkpoint_reason");
    t.dropColumn("named_number");
  });
}
