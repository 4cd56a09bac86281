import type { Knex } from "knex";
import { now, type AuditRow } from "./rows.js";

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

/** Appends an event to the audit log (in the caller's transaction). */
export async function recordAudit(db: Knex, event: AuditEvent): Promise<void> {
  await db("audit_events").insert({
    at: now(),
    actor_id: event.actorId,
    charter_id: event.charterId ?? null,
    action: event.action,
    subject_type: event.subjectType ?? null,
    subject_id: event.subjectId ?? null,
    details: event.details ? JSON.stringify(event.details) : null,
    ip: event.ip ?? null,
  });
}

export function listAudit(db: Knex, charterId: string, limit = 200): Promise<(AuditRow & { actor_name: string | null })[]> {
  return db("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_id")
    .where("audit_events.charter_id", charterId)
    .select("audit_events.*", "users.name as actor_name")
    .orderBy("audit_events.id", "desc")
    .limit(limit);
}
