import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import type { Role } from "../../shared/roles.js";

/** What a charter waits for from the user: their organisation's approval, or its signature. */
export type Awaiting = "approve" | "sign" | null;

/**
 * For each charter of a signatory, whether it waits for them: the frozen
 * version not yet approved by their organisation, or signing open and their
 * organisation's signature missing (its turn come, if there is an order).
 */
export async function awaitingOf(db: Knex, charters: (CharterRow & { role: Role; membership_organisation_id: string | null })[]): Promise<Map<string, Awaiting>> {
  const out = new Map<string, Awaiting>();
  const concerned = charters.filter((c) => c.role == "signatory" && c.membership_organisation_id && (c.state == "frozen" || c.state == "signing"));
  if (!concerned.length) return out;
  const rounds = await db("approval_rounds").whereIn("charter_id", concerned.map((c) => c.id)).whereNull("closed_at").select("id", "charter_id", "signing_order");
  const roundIds = rounds.map((r) => r.id);
  const [decisions, signatures, signatories] = await Promise.all([
    db("approval_decisions").whereIn("round_id", roundIds).orderBy([{ column: "created_at" }, { column: "id" }]).select("round_id", "organisation_id", "decision"),
    db("signatures").whereIn("round_id", roundIds).select("round_id", "organisation_id"),
    db("charter_signatories").whereIn("charter_id", concerned.map((c) => c.id)).select("charter_id", "organisation_id"),
  ]);
  for (const charter of concerned) {
    const org = charter.membership_organisation_id!;
    const round = rounds.find((r) => r.charter_id == charter.id);
    if (!round || !signatories.some((s) => s.charter_id == charter.id && s.organisation_id == org)) continue;
    const signed = (id: string) => signatures.some((s) => s.round_id == round.id && s.organisation_id == id);
    if (charter.state == "frozen") {
      const last = decisions.filter((d) => d.round_id == round.id && d.organisation_id == org).at(-1);
      if (last?.decision != "approve") out.set(charter.id, "approve");
    } else if (!signed(org)) {
      const order: string[] | null = round.signing_order ? JSON.parse(round.signing_order) : null;
      if (!order || order.slice(0, order.indexOf(org)).every(signed)) out.set(charter.id, "sign");
    }
  }
  return out;
}
