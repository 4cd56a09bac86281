import type { Knex } from "knex";

// The signed PDF of a round (issue 10): the file as signed so far, replaced
// by the next incremental update at each signature (each update only appends,
// so the bytes stored before are a prefix of those stored after), and what
// became of each signature's RFC 3161 timestamp.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("signed_pdfs", (t) => {
    t.string("round_id", 36).primary().references("id").inTable("approval_rounds").onDelete("CASCADE");
    t.string("charter_id", 36).notNullable();
    t.string("version_id", 36).notNullable();
    t.string("version_hash", 64).notNullable();
    t.binary("pdf").notNullable();
    // SHA-256 of `pdf`, and how many PDF signatures it holds (the final seal included).
    t.string("sha256", 64).notNullable();
    t.integer("signature_count").notNullable();
    t.string("sealed_at", 32);
    t.string("updated_at", 32).notNullable();
    t.index(["version_hash"]);
    t.index(["charter_id"]);
  });
  await knex.schema.alterTable("signatures", (t) => {
    // `timestamped`, `failed` (the TSA did not answer: signed without a timestamp, never with a made-up time), or null (no TSA configured).
    t.string("timestamp_status", 20);
    t.text("timestamp_error");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("signed_pdfs");
  await knex.schema.alterTable("signatures", (t) => {
    t.dropColumn("timestamp_status");
    t.dropColumn("timestamp_error");
  });
}
