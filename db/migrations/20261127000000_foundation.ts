import type { Knex } from "knex";

// Timestamps are ISO 8601 strings in UTC (`new Date().toISOString()`): they
// read back the same on SQLite and PostgreSQL and sort as text.
const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("organisations", (t) => {
    t.string("id", 36).primary();
    t.string("name", 200).notNullable();
    t.string("kind", 40).notNullable();
    t.string("department_code", 3).notNullable();
    ts(t, "created_at").notNullable();
    t.unique(["department_code", "name"]);
  });

  await knex.schema.createTable("users", (t) => {
    t.string("id", 36).primary();
    t.string("email", 254).notNullable().unique();
    t.string("name", 200).notNullable();
    t.string("job_title", 200);
    t.string("password_hash", 300).notNullable();
    t.string("organisation_id", 36).references("id").inTable("organisations");
    t.string("platform_role", 20).notNullable().defaultTo("member");
    ts(t, "created_at").notNullable();
  });

  await knex.schema.createTable("sessions", (t) => {
    t.string("id", 36).primary();
    t.string("user_id", 36).notNullable().references("id").inTable("users").onDelete("CASCADE");
    ts(t, "created_at").notNullable();
    ts(t, "expires_at").notNullable();
    ts(t, "revoked_at");
    t.string("ip", 64);
    t.string("user_agent", 400);
    t.index(["user_id"]);
  });

  await knex.schema.createTable("charters", (t) => {
    t.string("id", 36).primary();
    t.string("title", 300).notNullable();
    t.string("department_code", 3).notNullable();
    t.string("template_id", 100);
    t.string("state", 20).notNullable().defaultTo("drafting");
    t.string("created_by", 36).notNullable().references("id").inTable("users");
    ts(t, "created_at").notNullable();
    ts(t, "updated_at").notNullable();
  });

  await knex.schema.createTable("charter_signatories", (t) => {
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("organisation_id", 36).notNullable().references("id").inTable("organisations");
    t.integer("position").notNullable();
    t.primary(["charter_id", "organisation_id"]);
  });

  await knex.schema.createTable("memberships", (t) => {
    t.string("id", 36).primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("user_id", 36).notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("role", 20).notNullable();
    t.string("organisation_id", 36).references("id").inTable("organisations");
    t.string("created_by", 36).references("id").inTable("users");
    ts(t, "created_at").notNullable();
    ts(t, "updated_at").notNullable();
    t.unique(["charter_id", "user_id"]);
    t.index(["user_id"]);
  });

  await knex.schema.createTable("invitations", (t) => {
    t.string("id", 36).primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.string("email", 254).notNullable();
    t.string("name", 200);
    t.string("role", 20).notNullable();
    t.string("organisation_id", 36).references("id").inTable("organisations");
    // Only the SHA-256 of the one-time token is kept: a leaked database gives no usable link.
    t.string("token_hash", 64).notNullable().unique();
    t.string("created_by", 36).notNullable().references("id").inTable("users");
    ts(t, "created_at").notNullable();
    ts(t, "expires_at").notNullable();
    ts(t, "accepted_at");
    t.string("accepted_by", 36).references("id").inTable("users");
    ts(t, "revoked_at");
    t.index(["charter_id"]);
  });

  // The draft's Yjs updates, in arrival order; compaction replaces a prefix by one state.
  await knex.schema.createTable("charter_updates", (t) => {
    t.bigIncrements("id").primary();
    t.string("charter_id", 36).notNullable().references("id").inTable("charters").onDelete("CASCADE");
    t.binary("data").notNullable();
    t.string("user_id", 36).references("id").inTable("users");
    ts(t, "created_at").notNullable();
    t.index(["charter_id", "id"]);
  });

  await knex.schema.createTable("audit_events", (t) => {
    t.bigIncrements("id").primary();
    ts(t, "at").notNullable();
    t.string("actor_id", 36);
    t.string("charter_id", 36);
    t.string("action", 60).notNullable();
    t.string("subject_type", 40);
    t.string("subject_id", 36);
    t.text("details");
    t.string("ip", 64);
    t.index(["charter_id", "id"]);
  });

  // The audit log is append-only, whoever writes to the database.
  if (isPostgres(knex)) {
    await knex.raw(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END;
      $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
  } else {
    await knex.raw(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
    await knex.raw(`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["audit_events", "charter_updates", "invitations", "memberships", "charter_signatories", "charters", "sessions", "users", "organisations"])
    await knex.schema.dropTableIfExists(table);
  if (isPostgres(knex)) await knex.raw("DROP FUNCTION IF EXISTS audit_events_append_only()");
}

function isPostgres(knex: Knex): boolean {
  return String(knex.client.config.client).startsWith("p");
}
