import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { closeRound, insertRound } from "../../store/signing.js";
import type { VersionRow } from "../../store/versions.js";

/**
 * Freezing a version opens a round of approval for it (in the freezing
 * transaction); reopening drafting cancels the round under way. Approvals and
 * signatures belong to their round, so a cancelled round's never count again.
 */
export async function openApprovalRound(trx: Knex, charterId: string, version: Pick<VersionRow, "id" | "hash">, userId: string, at: string): Promise<void> {
  await closeRound(trx, charterId, "reopened", at);
  await insertRound(trx, {
    id: randomUUID(), charter_id: charterId, version_id: version.id, version_hash: version.hash, opened_at: at, opened_by: userId,
    signing_opened_at: null, signing_order: null, closed_at: null, closed_reason: null,
  });
}

export async function cancelApprovalRound(trx: Knex, charterId: string, at: string): Promise<void> {
  await closeRound(trx, charterId, "reopened", at);
}
