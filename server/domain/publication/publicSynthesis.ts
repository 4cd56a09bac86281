import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import type { CampaignRow } from "../../store/campaigns.js";
import { buildDashboard, type Distribution } from "../followup/dashboardModel.js";

/** One line of a distribution: an id, its French label, how many commitments. */
export interface Share {
  id: string;
  label: string;
  count: number;
}

/**
 * What the public may know of a closed campaign, from the dashboard's model
 * (so that the page, the dashboard and the report count alike): counts only,
 * never a narrative, a comment, evidence or a member's name. The headline
 * share « Réalisés / échus, hors sans objet » with those fallen due and not
 * declared apart; the commitments by declared status and by appraisal,
 * overall, per procedure stage and per signatory organisation. The campaign
 * is closed, so the dashboard's model is read from its snapshot: the page
 * says what the committee closed, whatever was entered since.
 */
export async function publicSynthesis(db: Knex, charter: CharterRow, campaign: CampaignRow) {
  const dashboard = await buildDashboard(db, charter, campaign.id);
  const { legend } = dashboard;
  const shares = (d: Distribution) => ({
    total: d.total,
    byStatus: legend.statuses.map((s): Share => ({ id: s.id, label: s.label, count: d.byStatus[s.id as keyof Distribution["byStatus"]] })),
    byAppraisal: legend.appraisals.map((a): Share => ({ id: a.id, label: a.label, count: d.byAppraisal[a.id as keyof Distribution["byAppraisal"]] })),
  });
  const { headline } = dashboard;
  return {
    campaign: { label: campaign.label, start: campaign.start_date, end: campaign.end_date, committeeDate: campaign.committee_date, closedAt: campaign.closed_at, snapshotSha256: campaign.snapshot_sha256 },
    referenceDay: dashboard.referenceDay,
    headline: {
      label: headline.label, realised: headline.numerator, assessed: headline.denominator, share: headline.share,
      fallenDue: headline.fallenDue, notDeclared: headline.notDeclared, withoutObject: headline.withoutObject,
    },
    overall: shares(dashboard.distribution),
    byStage: dashboard.byStage.map((s) => ({ number: s.number, heading: s.heading, ...shares(s) })),
    byOrganisation: dashboard.byOrganisation.map((o) => ({ organisation: o.organisation?.name ?? null, ...shares(o) })),
  };
}
