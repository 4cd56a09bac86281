import type { Knex } from "knex";

// Approval and signature of the frozen version (issue 10).
//
// A round is one freezing of a version: approvals belong to it, so that
// reopening drafting cancels them and freezing again starts afresh, while the
// earlier rounds stay on record. Decisions and signatures are only ever
// inserted; the one that counts is the latest per organisation.
const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  // The charter's duration (décret 2016-393: six years at most), and its dates once signed; on SQLite
  // they may be there already, left by this migration's `down`.
  if (!(await knex.schema.hasColumn("charters", "duration_years")))
    await knex.schema.alterTable("charters", (t) => {
      t.integer("duration_years").notNullable().defaultTo(6);
      t.string("effective_date", 10);
      t.string("end_date", 10);
    });

  await knex.schema.createTable("approval_rounds", (t) => {
    t.string("id", 36).primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("version_id", 36).notNullable();
    t.string("version_hash", 64).notNullable();
    ts(t, "opened_at").notNullable();
    t.string("opened_by", 36);
    // Set when the pilot opens signing; the order, if any, as a JSON array of organisation ids.
    ts(t, "signing_opened_at");
    t.text("signing_order");
    ts(t, "closed_at");
    // `reopened` (drafting reopened: the round is cancelled) or `signed`.
    t.string("closed_reason", 20);
    t.index(["charter_id", "opened_at"]);
  });

  await knex.schema.createTable("approval_decisions", (t) => {
    t.string("id", 36).primary();
    t.string("round_id", 36).notNullable().references("id").inTable("approval_rounds").onDelete("CASCADE");
    t.string("charter_id", 36).notNullable();
    t.string("organisation_id", 36).notNullable();
    t.string("user_id", 36).notNullable();
    // `approve`, `request_changes`, or `refused` (a refusal to sign sends the charter back to the pilot).
    t.string("decision", 20).notNullable();
    t.text("message");
    t.text("clause_ids");
    ts(t, "created_at").notNullable();
    t.index(["round_id", "organisation_id", "created_at"]);
  });

  await knex.schema.createTable("signature_views", (t) => {
    t.string("round_id", 36).notNullable().references("id").inTable("approval_rounds").onDelete("CASCADE");
    t.string("user_id", 36).notNullable();
    ts(t, "viewed_at").notNullable();
    t.string("ip", 64);
    t.primary(["round_id", "user_id"]);
  });

  await knex.schema.createTable("signatures", (t) => {
    t.string("id", 36).primary();
    t.string("round_id", 36).notNullable().references("id").inTable("approval_rounds").onDelete("CASCADE");
    t.string("charter_id", 36).notNullable();
    t.string("version_id", 36).notNullable();
    t.string("version_hash", 64).notNullable();
    t.string("organisation_id", 36).notNullable();
    t.string("user_id", 36).notNullable();
    t.string("signer_name", 200).notNullable();
    t.string("signer_email", 254).notNullable();
    t.string("capacity", 200).notNullable();
    t.string("delegation", 300);
    t.text("consent_text").notNullable();
    t.string("consent_hash", 64).notNullable();
    t.string("mode", 10).notNullable();
    t.text("image");
    t.string("typed_name", 200);
    t.string("authentication", 60).notNullable();
    t.string("session_id", 36);
    t.string("ip", 64);
    t.string("user_agent", 400);
    t.string("time_zone", 64);
    ts(t, "viewed_at");
    ts(t, "approved_at");
    ts(t, "signed_at").notNullable();
    // One signature per organisation and round: two signatories of one organisation racing get one row.
    t.unique(["round_id", "organisation_id"]);
    t.index(["charter_id"]);
  });

  // A charter frozen before this migration gets its round now, so that it can be approved.
  const frozen = await knex("charters").whereNotNull("frozen_version_id").select("id", "frozen_version_id", "updated_at");
  for (const charter of frozen) {
    const version = await knex("charter_versions").where({ id: charter.frozen_version_id }).first("hash");
    if (!version) continue;
    await knex("approval_rounds").insert({
      id: crypto.randomUUID(), charter_id: charter.id, version_id: charter.frozen_version_id, version_hash: version.hash, opened_at: charter.updated_at,
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["signatures", "signature_views", "approval_decisions", "approval_rounds"]) await knex.schema.dropTableIfExists(table);
  // On SQLite, dropping a column rebuilds the table, and dropping the old copy would cascade to every row
  // that references a charter (memberships, versions, comments…): the three columns stay there, unused.
  if (!String(knex.client.config.client).startsWith("p")) return;
  await knex.schema.alterTable("charters", (t) => {
    t.dropColumn("duration_years");
    t.dropColumn("effective_date");
    t.dropColumn("end_date");
  });
}
