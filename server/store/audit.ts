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

/** What the journal may be narrowed to. Times are ISO 8601 instants, `from` included and `to` excluded. */
export interface AuditFilters {
  actorId?: string;
  actions?: string[];
  from?: string;
  to?: string;
}

/** An audit row with the names the journal shows: the actor's, the member's it is about, the invitation's email. */
export type AuditListRow = AuditRow & { actor_name: string | null; subject_name: string | null; invitation_email: string | null };

function filtered(db: Knex, charterId: string, f: AuditFilters): Knex.QueryBuilder {
  const q = db("audit_events").where("audit_events.charter_id", charterId);
  if (f.actorId) q.where("audit_events.actor_id", f.actorId);
  if (f.actions) q.whereIn("audit_events.action", f.actions);
  if (f.from) q.where("audit_events.at", ">=", f.from);
  if (f.to) q.where("audit_events.at", "<", f.to);
  return q;
}

/** One page of a charter's journal, newest first, and how many events match in all. */
export async function searchAudit(db: Knex, charterId: string, f: AuditFilters, page: { offset: number; limit: number }): Promise<{ rows: AuditListRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, charterId, f)
      .leftJoin("users as actor", "actor.id", "audit_events.actor_id")
      .leftJoin("users as subject", function () {
        this.on("subject.id", "=", "audit_events.subject_id").andOnVal("audit_events.subject_type", "=", "user");
      })
      .leftJoin("invitations", function () {
        this.on("invitations.id", "=", "audit_events.subject_id").andOnVal("audit_events.subject_type", "=", "invitation");
      })
      .select("audit_events.*", "actor.name as actor_name", "subject.name as subject_name", "invitations.email as invitation_email")
      .orderBy("audit_events.id", "desc")
      .offset(page.offset)
      .limit(page.limit),
    filtered(db, charterId, f).count({ n: "*" }).first(),
  ]);
  return { rows, total: Number((count as { n: number | string } | undefined)?.n ?? 0) };
}

/** Everyone who did something recorded in a charter's journal, for its filter. */
export function auditActors(db: Knex, charterId: string): Promise<{ id: string; name: string }[]> {
  return db("audit_events")
    .join("users", "users.id", "audit_events.actor_id")
    .where("audit_events.charter_id", charterId)
    .distinct("users.id as id", "users.name as name")
    .orderBy("users.name");
}
