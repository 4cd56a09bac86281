import { STATUSES_NOT_OVERDUE, type DeclarationStatus } from "../../shared/followup.js";

/**
 * The one rule of where a tracked commitment stands in a campaign, used by
 * the commitments list (« Mes engagements », the review screen), the
 * dashboard, the yearly report and the public synthesis, so that none of
 * them says « En retard » or counts « échu » where another does not:
 *
 * - **échu** (fallen due) for a campaign: it has a due date, on or before the
 *   end of the campaign's period and before today. There is no lower bound: a
 *   commitment due in an earlier period stays échu in every later campaign
 *   (it is still owed, or still done). Due after the period, it falls to the
 *   next campaign. Without a campaign, échu once the due date is past.
 * - **status** for a campaign: the latest revision declared in that campaign.
 *   When nothing was declared in it, a settled status (`realise`,
 *   `sans_objet`) declared in the latest earlier campaign that said anything
 *   is carried forward, flagged `fromEarlierCampaign` — a commitment realised
 *   in Bilan 2027 is shown and counted « Réalisé » in Bilan 2028, not « Non
 *   renseigné » and not late. Any other earlier status (en cours, bloqué…)
 *   needs a new declaration: the status is then null, « Non renseigné ».
 * - **en retard** (overdue): échu, and its status is neither `realise` nor
 *   `sans_objet`. Computed, never stored.
 */

/** A campaign as the rule needs it, in the order campaigns were opened. */
export interface CampaignPeriod { id: string; end_date: string }

export interface DeclaredStatus { campaign_id: string; commitment_id: string; status: DeclarationStatus }

export interface Standing {
  status: DeclarationStatus | null;
  /** Set when `status` was declared in an earlier campaign (carried forward), not in this one. */
  fromEarlierCampaign: boolean;
  /** The campaign the status was declared in, or null. */
  declaredIn: string | null;
  fallenDue: boolean;
  overdue: boolean;
}

/** « Échu »: see above. `end` is the campaign period's last day, null without a campaign. */
export function fallsDue(due: string | null, end: string | null, today: string): boolean {
  return !!due && due < today && (end == null || due <= end);
}

/**
 * The standing of each commitment in each campaign. `campaigns` in the
 * order they were opened; `declarations` with each commitment's revisions
 * oldest first within a campaign (the last one counts).
 */
export function commitmentStandings(campaigns: CampaignPeriod[], declarations: DeclaredStatus[], today: string) {
  const latest = new Map<string, DeclarationStatus>();
  for (const d of declarations) latest.set(`${d.campaign_id}/${d.commitment_id}`, d.status);
  const position = new Map(campaigns.map((c, i) => [c.id, i]));
  return (campaign: CampaignPeriod | null, commitment: { commitment_id: string; due: string | null }): Standing => {
    let status: DeclarationStatus | null = null;
    let declaredIn: string | null = null;
    if (campaign) {
      const here = latest.get(`${campaign.id}/${commitment.commitment_id}`);
      if (here) [status, declaredIn] = [here, campaign.id];
      else for (let i = (position.get(campaign.id) ?? 0) - 1; i >= 0; i--) {
        const earlier = latest.get(`${campaigns[i].id}/${commitment.commitment_id}`);
        if (!earlier) continue;
        if (STATUSES_NOT_OVERDUE.includes(earlier)) [status, declaredIn] = [earlier, campaigns[i].id];
        break;
      }
    }
    const fallenDue = fallsDue(commitment.due, campaign?.end_date ?? null, today);
    return {
      status, declaredIn, fromEarlierCampaign: !!declaredIn && declaredIn != campaign?.id,
      fallenDue, overdue: fallenDue && !(status && STATUSES_NOT_OVERDUE.includes(status)),
    };
  };
}
