import type * as Y from "yjs";

/**
 * Forgets what a loaded document holds pending: structs and deletions whose
 * dependencies the stored log lacks. Such updates were stored before the
 * server refused them (`PendingUpdateError`); nothing of them was ever in the
 * charter, and waiting for dependencies that never came would keep every
 * later update on the slow validation path. Should they come after all, a
 * client that has them sends them again with what they depend on (its sync
 * answers the server's state vector, which never counted them).
 *
 * Returns whether anything was dropped; the caller then compacts the log, so
 * that the leftovers leave the database too.
 */
export function dropPendingLeftovers(doc: Y.Doc): boolean {
  const had = doc.store.pendingStructs != null || doc.store.pendingDs != null;
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  return had;
}
