import type { Knex } from "knex";
import { latestVersion, type VersionSummaryRow } from "../../store/versions.js";

/**
 * Keeps automatic checkpoints from piling up. The collaboration server takes
 * one each time the last editor leaves a changed draft, so a morning of people
 * coming and going would leave dozens. A new checkpoint therefore replaces the
 * previous one when that one is only a step of the same editing session:
 *
 * - it is the charter's latest version (no named version or other checkpoint came after it);
 * - it was taken when the last editor left (not kept before a restore);
 * - it was taken less than `EDITING_SESSION_GAP_MS` before: the same editing session, in the
 *   sense web analytics give the word (a session ends after half an hour without activity);
 * - no version was saved, restored, frozen or reopened since it was taken;
 * - it was never restored from nor frozen, and nobody opened or compared it in the last
 *   `VIEWED_KEEP_MS` (someone may be looking at a difference with it).
 *
 * The checkpoint kept is then the state at the end of the session, and the
 * earlier ones of each session stay. Named versions are never deleted.
 */
export const EDITING_SESSION_GAP_MS = 30 * 60_000;

/** How long a checkpoint someone opened or compared is kept from being merged. */
export const VIEWED_KEEP_MS = 60 * 60_000;

/** What happened to a charter's history that ends an editing session for its checkpoints. */
const HISTORY_EVENTS = ["version.saved", "version.restored", "charter.frozen", "charter.reopened", "charter.archived", "charter.unarchived"];

/** The checkpoint that a checkpoint taken `at` may replace, if any (in the caller's transaction). */
export async function replaceableCheckpoint(db: Knex, charterId: string, at: Date): Promise<VersionSummaryRow | null> {
  const previous = await latestVersion(db, charterId);
  if (!previous || previous.kind != "auto" || previous.checkpoint_reason != "leave") return null;
  if (at.getTime() - Date.parse(previous.created_at) >= EDITING_SESSION_GAP_MS) return null;
  if (previous.viewed_at && at.getTime() - Date.parse(previous.viewed_at) < VIEWED_KEEP_MS) return null;
  const frozen = await db("charters").where({ id: charterId, frozen_version_id: previous.id }).first("id");
  if (frozen) return null;
  const since = await db("audit_events")
    .where({ charter_id: charterId })
    .whereIn("action", HISTORY_EVENTS)
    .where((q) => q.where("at", ">=", previous.created_at).orWhere({ subject_id: previous.id }))
    .first("id");
  return since ? null : previous;
}
