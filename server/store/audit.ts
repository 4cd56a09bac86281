import type { Knex } from "knex";
import { now, type AuditRow } from "./rows.js";
import { canonicalJson, chainOf, entryHash, GENESIS_HASH } from "./auditChain.js";
import { isPostgres } from "./db.js";

/** One change of state, as recorded in the append-only audit log. */
export interface AuditEvent {
  actorId: string | null;
  charterId?: string | null;
  /** What happened, e.g. `charter.created`, `member.role_changed`. */
  action: string;
  subjectType?: string;
  subjectId?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** The last entry of a chain, as `audit_chain_heads` records it. */
export interface ChainHeadRow {
  chain: string;
  seq: number;
  last_id: number | null;
  hash: string;
}

/**
 * Appends an event to the audit log, chained to the previous entry of its
 * chain (the charter's, or the platform's): in the caller's transaction when
 * given one, so that the entry and what it records commit together, else in
 * a transaction of its own.
 */
export async function recordAudit(db: Knex, event: AuditEvent): Promise<void> {
  if (db.isTransaction) await appendEntry(db, event);
  else await db.transaction((trx) => appendEntry(trx, event));
}

async function appendEntry(trx: Knex.Transaction | Knex, event: AuditEvent): Promise<void> {
  const chain = chainOf(event.charterId ?? null);
  const head = await lockChainHead(trx, chain);
  const entry = {
    seq: Number(head.seq) + 1,
    prev_hash: head.hash,
    at: now(),
    actor_id: event.actorId,
    charter_id: event.charterId ?? null,
    action: event.action,
    subject_type: event.subjectType ?? null,
    subject_id: event.subjectId ?? null,
    details: event.details ? canonicalJson(event.details) : null,
    ip: event.ip ?? null,
  };
  const hash = entryHash(entry);
  const [inserted] = await trx("audit_events").insert({ ...entry, hash }).returning("id");
  const id = Number(typeof inserted == "object" ? inserted.id : inserted);
  await trx("audit_chain_heads").where({ chain }).update({ seq: entry.seq, last_id: id, hash });
}

/**
 * The head of a chain, locked until the transaction ends: two transactions
 * appending to one chain at once take turns, so the chain never forks. On
 * PostgreSQL the head row is locked (`FOR UPDATE`, after creating it if the
 * chain is new); SQLite has one connection, which serialises transactions.
 */
async function lockChainHead(trx: Knex, chain: string): Promise<ChainHeadRow> {
  await trx("audit_chain_heads").insert({ chain, seq: 0, last_id: null, hash: GENESIS_HASH }).onConflict("chain").ignore();
  const query = trx<ChainHeadRow>("audit_chain_heads").where({ chain });
  return (await (isPostgres(trx) ? query.forUpdate() : query).first())!;
}

/** The head of a chain as it is now (null for a chain with no entry). */
export async function chainHead(db: Knex, chain: string): Promise<ChainHeadRow | null> {
  const row = await db<ChainHeadRow>("audit_chain_heads").where({ chain }).first();
  return row && row.last_id != null ? { ...row, seq: Number(row.seq), last_id: Number(row.last_id) } : null;
}

export function listAudit(db: Knex, charterId: string, limit = 200): Promise<(AuditRow & { actor_name: string | null })[]> {
  return db("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_id")
    .where("audit_events.charter_id", charterId)
    .select("audit_events.*", "users.name as actor_name")
    .orderBy("audit_events.id", "desc")
    .limit(limit);
}
