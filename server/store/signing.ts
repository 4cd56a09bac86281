import type { Knex } from "knex";

/** One freezing of a version, during which its approvals and signatures are gathered. */
export interface RoundRow {
  id: string;
  charter_id: string;
  version_id: string;
  version_hash: string;
  opened_at: string;
  opened_by: string | null;
  signing_opened_at: string | null;
  /** JSON array of organisation ids, or null: in parallel. */
  signing_order: string | null;
  closed_at: string | null;
  closed_reason: "reopened" | "signed" | null;
}

export type Decision = "approve" | "request_changes" | "refused";

export interface DecisionRow {
  id: string;
  round_id: string;
  charter_id: string;
  organisation_id: string;
  user_id: string;
  decision: Decision;
  message: string | null;
  /** JSON array of clause ids. */
  clause_ids: string | null;
  created_at: string;
}

export interface SignatureRow {
  id: string;
  round_id: string;
  charter_id: string;
  version_id: string;
  version_hash: string;
  organisation_id: string;
  user_id: string;
  signer_name: string;
  signer_email: string;
  capacity: string;
  delegation: string | null;
  consent_text: string;
  consent_hash: string;
  mode: "drawn" | "typed";
  image: string | null;
  typed_name: string | null;
  authentication: string;
  session_id: string | null;
  ip: string | null;
  user_agent: string | null;
  time_zone: string | null;
  viewed_at: string | null;
  approved_at: string | null;
  signed_at: string;
  /** `timestamped`, `failed` (signed without a timestamp: the TSA did not answer), or null (no TSA). */
  timestamp_status: "timestamped" | "failed" | null;
  timestamp_error: string | null;
}

/** The round under way for a charter (frozen or signing), if any. */
export function currentRound(db: Knex, charterId: string): Promise<RoundRow | undefined> {
  return db<RoundRow>("approval_rounds").where({ charter_id: charterId }).whereNull("closed_at").orderBy("opened_at", "desc").first();
}

/** Every round of a charter, newest first. */
export function listRounds(db: Knex, charterId: string): Promise<RoundRow[]> {
  return db<RoundRow>("approval_rounds").where({ charter_id: charterId }).orderBy([{ column: "opened_at", order: "desc" }, { column: "id" }]);
}

export async function insertRound(db: Knex, row: RoundRow): Promise<void> {
  await db("approval_rounds").insert(row);
}

/** Closes the round under way, if any. */
export async function closeRound(db: Knex, charterId: string, reason: NonNullable<RoundRow["closed_reason"]>, at: string): Promise<void> {
  await db("approval_rounds").where({ charter_id: charterId }).whereNull("closed_at").update({ closed_at: at, closed_reason: reason });
}

export async function insertDecision(db: Knex, row: DecisionRow): Promise<void> {
  await db("approval_decisions").insert(row);
}

/** Every decision of the rounds given, oldest first (the last one per organisation counts). */
export function listDecisions(db: Knex, roundIds: string[]): Promise<(DecisionRow & { user_name: string | null })[]> {
  if (!roundIds.length) return Promise.resolve([]);
  return db("approval_decisions")
    .leftJoin("users", "users.id", "approval_decisions.user_id")
    .whereIn("approval_decisions.round_id", roundIds)
    .select("approval_decisions.*", "users.name as user_name")
    .orderBy([{ column: "approval_decisions.created_at" }, { column: "approval_decisions.id" }]);
}

export function listSignatures(db: Knex, roundIds: string[]): Promise<SignatureRow[]> {
  if (!roundIds.length) return Promise.resolve([]);
  return db<SignatureRow>("signatures").whereIn("round_id", roundIds).orderBy([{ column: "signed_at" }, { column: "id" }]);
}

/** Records the first time a user read the frozen version of a round. */
export async function recordView(db: Knex, roundId: string, userId: string, at: string, ip: string | null): Promise<void> {
  await db("signature_views").insert({ round_id: roundId, user_id: userId, viewed_at: at, ip }).onConflict(["round_id", "user_id"]).ignore();
}

export async function firstView(db: Knex, roundId: string, userId: string): Promise<string | null> {
  const row = await db("signature_views").where({ round_id: roundId, user_id: userId }).first("viewed_at");
  return row?.viewed_at ?? null;
}
