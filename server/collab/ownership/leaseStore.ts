import type { Knex } from "knex";
import type { LeaseHold } from "./ownership.js";
import type { LivenessIdentity } from "./livenessConnection.js";

/**
 * The statements of the lease table `charter_leases` (PostgreSQL). Every time
 * is the database's (`now()`), so that no instance's clock matters.
 */
export interface LeaseHolder {
  instanceId: string;
  address: string;
  liveness: LivenessIdentity;
  ttlMs: number;
}

/** Its owner holds a lease until it expires or its liveness session is gone; its own liveness session may always take it again. */
const FREE = `l.expires_at <= now()
  OR (l.liveness_pid = excluded.liveness_pid AND l.liveness_started = excluded.liveness_started)
  OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = l.liveness_pid AND a.backend_start = l.liveness_started)`;

/**
 * Takes a charter's lease if it is free, incrementing its epoch: the new
 * epoch, or null if a live owner holds it. A lease row locked by a write of
 * a hung owner is waited for `waitMs` at most (then this throws, and the
 * client tries again); that write's own timeout ends it soon after.
 */
export async function takeLease(db: Knex, charterId: string, me: LeaseHolder, waitMs: number): Promise<number | null> {
  return db.transaction(async (trx) => {
    await trx.raw(`SET LOCAL lock_timeout = ${Math.round(waitMs)}`);
    return takeLeaseIn(trx, charterId, me);
  });
}

async function takeLeaseIn(db: Knex, charterId: string, me: LeaseHolder): Promise<number | null> {
  const { rows } = await db.raw(
    `INSERT INTO charter_leases AS l (charter_id, instance_id, address, epoch, expires_at, liveness_pid, liveness_started)
     VALUES (?, ?, ?, 1, now() + make_interval(secs => ?), ?, ?::timestamptz)
     ON CONFLICT (charter_id) DO UPDATE SET instance_id = excluded.instance_id, address = excluded.address, epoch = l.epoch + 1,
       expires_at = excluded.expires_at, liveness_pid = excluded.liveness_pid, liveness_started = excluded.liveness_started
     WHERE ${FREE}
     RETURNING epoch`,
    [charterId, me.instanceId, me.address, me.ttlMs / 1000, me.liveness.pid, me.liveness.started],
  );
  return rows.length ? Number(rows[0].epoch) : null;
}

/** Who holds a charter's lease now, if anyone. */
export async function leaseOwner(db: Knex, charterId: string): Promise<{ instanceId: string; address: string } | null> {
  const row = await db("charter_leases").where({ charter_id: charterId }).first("instance_id", "address");
  return row ? { instanceId: row.instance_id, address: row.address } : null;
}

/**
 * Renews, and locks until the transaction ends, the leases of `holds` that
 * are still this instance's under the same epoch; returns those. Should this
 * process hang in the middle of the transaction (SIGSTOP), PostgreSQL ends it
 * after `hungMs`, so that its lock never keeps another instance from taking over.
 */
export async function fenceLeases(trx: Knex.Transaction, holds: LeaseHold[], instanceId: string, ttlMs: number, hungMs: number): Promise<LeaseHold[]> {
  if (!holds.length) return [];
  await trx.raw(`SET LOCAL idle_in_transaction_session_timeout = ${Math.round(hungMs)}`);
  const pairs = holds.map(() => "(?, ?::bigint)").join(", ");
  const { rows } = await trx.raw(
    `UPDATE charter_leases SET expires_at = now() + make_interval(secs => ?)
     WHERE instance_id = ? AND (charter_id, epoch) IN (VALUES ${pairs})
     RETURNING charter_id, epoch`,
    [ttlMs / 1000, instanceId, ...holds.flatMap((h) => [h.charterId, h.epoch])],
  );
  return rows.map((r: { charter_id: string; epoch: string }) => ({ charterId: r.charter_id, epoch: Number(r.epoch) }));
}

/**
 * Renews the leases of `holds` (those a write is not locking right now: it
 * renews them itself), then returns the ones no longer this instance's.
 */
export async function renewLeases(db: Knex, holds: LeaseHold[], instanceId: string, ttlMs: number): Promise<LeaseHold[]> {
  if (!holds.length) return [];
  const pairs = holds.map(() => "(?, ?::bigint)").join(", ");
  const bindings = holds.flatMap((h) => [h.charterId, h.epoch]);
  await db.raw(
    `UPDATE charter_leases SET expires_at = now() + make_interval(secs => ?)
     WHERE charter_id IN (SELECT charter_id FROM charter_leases WHERE instance_id = ? AND (charter_id, epoch) IN (VALUES ${pairs})
                          ORDER BY charter_id FOR UPDATE SKIP LOCKED)`,
    [ttlMs / 1000, instanceId, ...bindings],
  );
  const { rows } = await db.raw(`SELECT charter_id, epoch FROM charter_leases WHERE instance_id = ? AND (charter_id, epoch) IN (VALUES ${pairs})`, [instanceId, ...bindings]);
  const held = new Set(rows.map((r: { charter_id: string; epoch: string }) => `${r.charter_id}@${Number(r.epoch)}`));
  return holds.filter((h) => !held.has(`${h.charterId}@${h.epoch}`));
}

/** Lets leases go at once (epochs kept, so the next owner's is higher). */
export async function releaseLeases(db: Knex, holds: LeaseHold[], instanceId: string): Promise<void> {
  if (!holds.length) return;
  const pairs = holds.map(() => "(?, ?::bigint)").join(", ");
  await db.raw(`UPDATE charter_leases SET expires_at = now() WHERE instance_id = ? AND (charter_id, epoch) IN (VALUES ${pairs})`, [instanceId, ...holds.flatMap((h) => [h.charterId, h.epoch])]);
}

/**
 * Opens a charter's recovery window for `openMs` (if more than 0) under a
 * lease this instance holds, and returns the milliseconds left of it (0 if
 * none, or if the lease is no longer this one), on the database clock.
 */
export async function leaseRecovery(db: Knex, hold: LeaseHold, instanceId: string, openMs: number): Promise<number> {
  const { rows } = await db.raw(
    `UPDATE charter_leases SET recovering_until = CASE WHEN ? > 0 THEN greatest(coalesce(recovering_until, now()), now() + make_interval(secs => ?)) ELSE recovering_until END
     WHERE charter_id = ? AND epoch = ? AND instance_id = ?
     RETURNING greatest(0, extract(epoch FROM recovering_until - now()) * 1000) AS remaining`,
    [openMs, openMs / 1000, hold.charterId, hold.epoch, instanceId],
  );
  return rows.length && rows[0].remaining != null ? Number(rows[0].remaining) : 0;
}
