import type { Knex } from "knex";
import * as Y from "yjs";
import { openDatabase } from "../../server/store/db.js";
import { loadStoredYDoc } from "../../server/domain/documents.js";
import type { Cluster } from "./cluster.js";

/** A charter's lease row (`charter_leases`), as the instances share it. */
export interface LeaseRow {
  charter_id: string;
  instance_id: string;
  address: string;
  epoch: string | number;
  expires_at: Date;
  liveness_pid: number | null;
}

/** Runs `work` on a connection of its own to the cluster's database. */
export async function withClusterDb<T>(cluster: Cluster, work: (db: Knex) => Promise<T>): Promise<T> {
  const db = openDatabase({ databaseUrl: cluster.database.databaseUrl, dataDir: cluster.database.dataDir });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** The lease of a charter, or null if no instance ever took it. */
export const leaseOf = (cluster: Cluster, charterId: string) =>
  withClusterDb(cluster, async (db) => ((await db("charter_leases").where({ charter_id: charterId }).first()) as LeaseRow | undefined) ?? null);

/** The charter as the database holds it, replayed from its stored log. */
export const storedDoc = (cluster: Cluster, charterId: string): Promise<Y.Doc> => withClusterDb(cluster, (db) => loadStoredYDoc(db, charterId));

/**
 * Ends every database connection of an instance (`pg_terminate_backend`):
 * those it names with its `application_name` (the harness sets `PGAPPNAME`
 * to its `INSTANCE_ID`) and its liveness connection named in the lease rows.
 * Returns how many were ended.
 */
export const terminateBackendsOf = (cluster: Cluster, instanceId: string) =>
  withClusterDb(cluster, async (db) => {
    const { rows } = await db.raw(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND (application_name = ? OR pid IN (SELECT liveness_pid FROM charter_leases WHERE instance_id = ?))`,
      [instanceId, instanceId],
    );
    return (rows as { ended: boolean }[]).filter((r) => r.ended).length;
  });
