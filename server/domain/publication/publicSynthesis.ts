import type { Knex } from "knex";
import type { CampaignRow } from "../../store/campaigns.js";
import { listAppraisals, listDeclarations, listTrackedCommitments } from "../../store/followup.js";
import { APPRAISALS, DECLARATION_STATUSES, NOT_DECLARED } from "../../shared/followup.js";

/** Shown where a commitment's declaration was not appraised. */
export const NOT_APPRAISED = "Non apprécié";

/** One line of a distribution: an id, its French label, how many commitments. */
export interface Share {
  id: string;
  label: string;
  count: number;
}

/**
 * What the public may know of a closed campaign: counts, never a narrative,
 * a comment, evidence or a name. The headline share is « Réalisés / échus,
 * hors sans objet »: commitments due by the end of the period and declared
 * done, over those due, leaving out those declared without object; those
 * due and not declared are counted apart.
 */
export async function publicSynthesis(db: Knex, charterId: string, campaign: CampaignRow) {
  const commitments = await listTrackedCommitments(db, charterId);
  const declarations = await listDeclarations(db, charterId, campaign.id);
  const appraisals = await listAppraisals(db, charterId, campaign.id);
  // Oldest first: the last one seen per commitment is its latest.
  const status = new Map(declarations.map((d) => [d.commitment_id, d.status as string]));
  const appraisal = new Map(appraisals.map((a) => [a.commitment_id, a.appraisal as string]));
  const byStatus: Share[] = [...Object.entries(DECLARATION_STATUSES), ["non_renseigne", NOT_DECLARED]].map(([id, label]) => ({ id, label, count: 0 }));
  const byAppraisal: Share[] = [...Object.entries(APPRAISALS), ["non_apprecie", NOT_APPRAISED]].map(([id, label]) => ({ id, label, count: 0 }));
  let due = 0, realised = 0, dueNotDeclared = 0;
  for (const c of commitments) {
    const s = status.get(c.commitment_id) ?? "non_renseigne";
    byStatus.find((x) => x.id == s)!.count++;
    byAppraisal.find((x) => x.id == (status.has(c.commitment_id) ? appraisal.get(c.commitment_id) ?? "non_apprecie" : "non_apprecie"))!.count++;
    if (!c.due || c.due > campaign.end_date || s == "sans_objet") continue;
    if (s == "non_renseigne") dueNotDeclared++;
    else {
      due++;
      if (s == "realise") realised++;
    }
  }
  return {
    campaign: { label: campaign.label, start: campaign.start_date, end: campaign.end_date, committeeDate: campaign.committee_date, closedAt: campaign.closed_at, snapshotSha256: campaign.snapshot_sha256 },
    commitments: commitments.length,
    headline: { label: "Réalisés / échus, hors sans objet", realised, due, share: due ? realised / due : null, dueNotDeclared },
    byStatus,
    byAppraisal,
  };
}
