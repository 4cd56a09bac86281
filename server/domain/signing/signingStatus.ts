import type { Knex } from "knex";
import type { CharterRow, OrganisationRow } from "../../store/rows.js";
import { listSignatories } from "../../store/charters.js";
import { listDecisions, listRounds, listSignatures, type DecisionRow, type RoundRow, type SignatureRow } from "../../store/signing.js";

/** One organisation's decision, as shown. */
export interface DecisionView {
  decision: DecisionRow["decision"];
  message: string | null;
  clauseIds: string[];
  at: string;
  by: { id: string; name: string | null };
}

/** Where one signatory organisation stands in the round under way. */
export interface OrganisationStatus {
  organisation: { id: string; name: string };
  /** Its latest decision in this round (the one that counts), and every earlier one. */
  decision: DecisionView | null;
  history: DecisionView[];
  signature: { id: string; signedAt: string; signerName: string; capacity: string; delegation: string | null; mode: SignatureRow["mode"] } | null;
  /** Its place in the signing order (1 = first), null when in parallel. */
  position: number | null;
  /** Whether it may sign now: signing open, not signed yet, its turn come. */
  maySign: boolean;
}

/** A closed round: what was decided about an earlier version (or an earlier freezing of the same one). */
export interface EarlierRound {
  id: string;
  versionId: string;
  versionHash: string;
  openedAt: string;
  closedAt: string | null;
  closedReason: RoundRow["closed_reason"];
  decisions: { organisation: { id: string; name: string }; decision: DecisionView }[];
}

export interface SigningStatus {
  round: { id: string; versionId: string; versionHash: string; openedAt: string; signingOpenedAt: string | null; order: string[] | null } | null;
  organisations: OrganisationStatus[];
  /** The organisations whose latest decision is not an approval (signing cannot open until it is). */
  missingApprovals: { id: string; name: string }[];
  /** The organisations yet to sign. */
  missingSignatures: { id: string; name: string }[];
  earlierRounds: EarlierRound[];
}

const view = (d: DecisionRow & { user_name: string | null }): DecisionView => ({
  decision: d.decision, message: d.message, clauseIds: d.clause_ids ? JSON.parse(d.clause_ids) : [], at: d.created_at, by: { id: d.user_id, name: d.user_name },
});

/** Where approval and signature stand, organisation by organisation, for the round under way (if any). */
export async function readSigningStatus(db: Knex, charter: CharterRow): Promise<SigningStatus> {
  const [signatories, rounds] = await Promise.all([listSignatories(db, charter.id), listRounds(db, charter.id)]);
  // The round under way, or the one that got the charter signed; a cancelled round is history.
  const latest = rounds[0];
  const shown = latest && (latest.closed_at == null || latest.closed_reason == "signed") ? latest : null;
  const [decisions, signatures] = await Promise.all([listDecisions(db, rounds.map((r) => r.id)), listSignatures(db, shown ? [shown.id] : [])]);
  const order: string[] | null = shown?.signing_order ? JSON.parse(shown.signing_order) : null;
  const name = (id: string) => signatories.find((o) => o.id == id)?.name ?? "Organisation retirée";

  const organisations = signatories.map((org: OrganisationRow): OrganisationStatus => {
    const history = shown ? decisions.filter((d) => d.round_id == shown.id && d.organisation_id == org.id).map(view) : [];
    const signature = signatures.find((s) => s.organisation_id == org.id) ?? null;
    const position = order ? order.indexOf(org.id) + 1 || null : null;
    const before = order && position ? order.slice(0, position - 1) : [];
    return {
      organisation: { id: org.id, name: org.name },
      decision: history.at(-1) ?? null,
      history,
      signature: signature && { id: signature.id, signedAt: signature.signed_at, signerName: signature.signer_name, capacity: signature.capacity, delegation: signature.delegation, mode: signature.mode },
      position,
      maySign: charter.state == "signing" && !signature && before.every((id) => signatures.some((s) => s.organisation_id == id)),
    };
  });
  return {
    round: shown && { id: shown.id, versionId: shown.version_id, versionHash: shown.version_hash, openedAt: shown.opened_at, signingOpenedAt: shown.signing_opened_at, order },
    organisations,
    missingApprovals: shown ? organisations.filter((o) => o.decision?.decision != "approve").map((o) => o.organisation) : [],
    missingSignatures: shown ? organisations.filter((o) => !o.signature).map((o) => o.organisation) : [],
    earlierRounds: rounds.filter((r) => r != shown).map((r) => ({
      id: r.id, versionId: r.version_id, versionHash: r.version_hash, openedAt: r.opened_at, closedAt: r.closed_at, closedReason: r.closed_reason,
      decisions: lastPerOrganisation(decisions.filter((d) => d.round_id == r.id)).map((d) => ({ organisation: { id: d.organisation_id, name: name(d.organisation_id) }, decision: view(d) })),
    })),
  };
}

function lastPerOrganisation<T extends { organisation_id: string }>(rows: T[]): T[] {
  const last = new Map<string, T>();
  for (const row of rows) last.set(row.organisation_id, row);
  return [...last.values()];
}
