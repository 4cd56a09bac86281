import type { Knex } from "knex";

// Follow-up of the signed charter (issue 11): tracked commitments, indicators
// and their values, yearly campaigns with declarations, evidence and
// appraisals. Declarations, values and appraisals are only ever inserted: a
// correction is a new row, the latest counts, the history stays.
const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("tracked_commitments", (t) => {
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    // The commitment's permanent id in the document: an amendment adds ids, it never reuses one.
    t.string("commitment_id", 64).notNullable();
    t.string("version_id", 36).notNullable();
    t.string("version_hash", 64).notNullable();
    t.string("organisation_id", 36);
    t.string("article_id", 64);
    t.integer("article_number").notNullable();
    t.text("article_heading").notNullable();
    t.integer("section_number").notNullable();
    t.text("section_heading").notNullable();
    t.text("text").notNullable();
    t.string("due", 10);
    t.text("indicator");
    t.integer("position").notNullable();
    ts(t, "created_at").notNullable();
    t.primary(["charter_id", "commitment_id"]);
  });

  await knex.schema.createTable("indicators", (t) => {
    t.string("id", 36).primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("code", 40).notNullable();
    t.text("label").notNullable();
    // `objective` (the charter's quantitative objectives and follow-up indicators) or `commitment`.
    t.string("kind", 12).notNullable();
    t.string("commitment_id", 64);
    t.string("unit", 40);
    // `up` (more is better) or `down`.
    t.string("direction", 4);
    t.text("source");
    t.text("method");
    t.double("baseline_value");
    t.integer("baseline_year");
    t.double("target_value");
    t.integer("target_year");
    t.string("organisation_id", 36);
    t.integer("position").notNullable();
    ts(t, "created_at").notNullable();
    ts(t, "updated_at").notNullable();
    t.unique(["charter_id", "code"]);
  });

  await knex.schema.createTable("indicator_values", (t) => {
    t.string("id", 36).primary();
    t.string("indicator_id", 36).notNullable().references("id").inTable("indicators").onDelete("CASCADE");
    t.string("charter_id", 36).notNullable();
    t.string("period", 10).notNullable();
    t.double("value").notNullable();
    t.boolean("final").notNullable();
    // `manual` or `import`.
    t.string("origin", 10).notNullable();
    t.string("entered_by", 36).notNullable();
    ts(t, "entered_at").notNullable();
    t.index(["indicator_id", "period"]);
  });

  await knex.schema.createTable("campaigns", (t) => {
    t.string("id", 36).primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("label", 200).notNullable();
    t.string("start_date", 10).notNullable();
    t.string("end_date", 10).notNullable();
    t.string("deadline", 10).notNullable();
    t.string("committee_date", 10).notNullable();
    // `open` → `in_review` → `closed`.
    t.string("state", 12).notNullable();
    t.string("created_by", 36).notNullable();
    ts(t, "created_at").notNullable();
    ts(t, "in_review_at");
    ts(t, "closed_at");
    t.string("closed_by", 36);
    // The frozen campaign: canonical JSON, its SHA-256, and the signed version's hash it follows.
    t.text("snapshot");
    t.string("snapshot_sha256", 64);
    t.string("version_hash", 64).notNullable();
    t.index(["charter_id", "created_at"]);
  });

  await knex.schema.createTable("campaign_evidence", (t) => {
    t.string("id", 36).primary();
    t.string("campaign_id", 36).notNullable().references("id").inTable("campaigns").onDelete("CASCADE");
    t.string("charter_id", 36).notNullable();
    t.string("organisation_id", 36).notNullable();
    // `file` or `link`.
    t.string("kind", 5).notNullable();
    t.string("title", 300);
    t.string("filename", 255);
    t.string("content_type", 120);
    t.integer("size");
    t.string("sha256", 64);
    t.binary("data");
    t.text("url");
    t.string("uploaded_by", 36).notNullable();
    ts(t, "created_at").notNullable();
    t.index(["campaign_id"]);
  });

  await knex.schema.createTable("declarations", (t) => {
    t.string("id", 36).primary();
    t.string("campaign_id", 36).notNullable().references("id").inTable("campaigns").onDelete("CASCADE");
    t.string("charter_id", 36).notNullable();
    t.string("commitment_id", 64).notNullable();
    t.string("organisation_id", 36).notNullable();
    t.integer("revision").notNullable();
    t.string("status", 12).notNullable();
    t.text("narrative").notNullable();
    t.text("reason");
    // The evidence ids, as a JSON array.
    t.text("evidence_ids").notNullable();
    // Set when this revision answers an appraisal that sent the declaration back (contradictoire).
    t.string("answers_appraisal_id", 36);
    t.string("user_id", 36).notNullable();
    ts(t, "created_at").notNullable();
    // Two revisions racing get distinct numbers or one fails.
    t.unique(["campaign_id", "commitment_id", "revision"]);
    t.unique(["answers_appraisal_id"]);
  });

  await knex.schema.createTable("appraisals", (t) => {
    t.string("id", 36).primary();
    t.string("campaign_id", 36).notNullable().references("id").inTable("campaigns").onDelete("CASCADE");
    t.string("charter_id", 36).notNullable();
    t.string("declaration_id", 36).notNullable().references("id").inTable("declarations").onDelete("CASCADE");
    t.string("commitment_id", 64).notNullable();
    t.string("appraisal", 16).notNullable();
    t.text("comment").notNullable();
    t.string("outcome", 12);
    t.string("user_id", 36).notNullable();
    ts(t, "created_at").notNullable();
    t.index(["campaign_id", "commitment_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["appraisals", "declarations", "campaign_evidence", "campaigns", "indicator_values", "indicators", "tracked_commitments"]) await knex.schema.dropTableIfExists(table);
}
