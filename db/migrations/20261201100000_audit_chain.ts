import type { Knex } from "knex";
import { chainOf, entryHash, GENESIS_HASH } from "../../server/store/auditChain.js";

// Tamper-evident audit log (issue 10): every entry carries its place in its
// chain (`seq`, from 1), the hash of the entry before it and its own hash
// over its canonical form (`server/store/auditChain.ts`). Each charter has a
// chain, and entries about no charter form the platform's; the head of each
// chain (last entry, its place and hash) is kept in `audit_chain_heads`, so
// that deleting the last entries shows too, and so that appending can lock it.
//
// The entries already there are chained here, in id order. That needs an
// UPDATE of rows the append-only triggers guard: the guard is lifted for this
// migration's transaction only. On PostgreSQL `ALTER TABLE … DISABLE TRIGGER`
// takes an ACCESS EXCLUSIVE lock on the table until the transaction ends, so
// no one else can read or write it meanwhile, and if anything fails the
// rollback restores the trigger with the rest; SQLite's DDL is transactional
// too (the trigger is dropped and made again in the same transaction), and
// its one connection lets no one else in. The new columns only are filled.

export async function up(knex: Knex): Promise<void> {
  // A rollback leaves the columns (see `down`): brought up again, they are filled anew.
  if (!(await knex.schema.hasColumn("audit_events", "hash")))
    await knex.schema.alterTable("audit_events", (t) => {
      t.integer("seq");
      t.string("prev_hash", 64);
      t.string("hash", 64);
    });
  await knex.schema.createTable("audit_chain_heads", (t) => {
    t.string("chain", 40).primary();
    t.integer("seq").notNullable();
    t.bigInteger("last_id");
    t.string("hash", 64).notNullable();
  });

  const postgres = String(knex.client.config.client).startsWith("p");
  if (postgres) await knex.raw("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update");
  else await knex.raw("DROP TRIGGER audit_events_no_update");

  const heads = new Map<string, { seq: number; last_id: number; hash: string }>();
  const rows = await knex("audit_events").orderBy("id").select("id", "at", "actor_id", "charter_id", "action", "subject_type", "subject_id", "details", "ip");
  for (const row of rows) {
    const chain = chainOf(row.charter_id);
    const before = heads.get(chain);
    const entry = { ...row, seq: (before?.seq ?? 0) + 1, prev_hash: before?.hash ?? GENESIS_HASH };
    const hash = entryHash(entry);
    await knex("audit_events").where({ id: row.id }).update({ seq: entry.seq, prev_hash: entry.prev_hash, hash });
    heads.set(chain, { seq: entry.seq, last_id: Number(row.id), hash });
  }
  for (const [chain, head] of heads) await knex("audit_chain_heads").insert({ chain, ...head });

  if (postgres) await knex.raw("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update");
  else
    await knex.raw(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
  await knex.schema.alterTable("audit_events", (t) => t.index(["charter_id", "seq"]));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("audit_chain_heads");
  await knex.schema.alterTable("audit_events", (t) => t.dropIndex(["charter_id", "seq"]));
  // The chain's columns stay: on SQLite dropping them rebuilds the table, which would lose its append-only triggers.
}
