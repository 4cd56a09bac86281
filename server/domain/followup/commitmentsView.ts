import type { Knex } from "knex";
import type { CharterRow, MembershipRow } from "../../store/rows.js";
import { listCampaigns, type CampaignRow } from "../../store/campaigns.js";
import { listAppraisals, listDeclarations, listEvidence, listTrackedCommitments, type AppraisalRow, type DeclarationRow, type EvidenceRow } from "../../store/followup.js";
import { getOrganisations } from "../../store/organisations.js";
import { APPRAISALS, APPRAISAL_OUTCOMES, DECLARATION_STATUSES, NOT_DECLARED } from "../../shared/followup.js";
import { commitmentStandings } from "./commitmentStanding.js";
import { chooseCampaign } from "./dashboardModel.js";
import { parisDay } from "../../shared/frenchDates.js";

/** The campaign as the API shows it. */
export function presentCampaign(c: CampaignRow) {
  return {
    id: c.id, label: c.label, start: c.start_date, end: c.end_date, deadline: c.deadline, committeeDate: c.committee_date, state: c.state,
    createdAt: c.created_at, inReviewAt: c.in_review_at, closedAt: c.closed_at, snapshotSha256: c.snapshot_sha256, versionHash: c.version_hash,
  };
}

function presentEvidence(e: EvidenceRow) {
  return { id: e.id, kind: e.kind, title: e.title, filename: e.filename, contentType: e.content_type, size: e.size, sha256: e.sha256, url: e.url, createdAt: e.created_at };
}

/**
 * The tracked commitments with, per campaign, the latest declaration (and
 * how many revisions it has), the latest appraisal, and where the commitment
 * stands in it — status (« Non renseigné » where none, or a « Réalisé » /
 * « Sans objet » carried from an earlier campaign), « échu », « En retard » —
 * by the rule the dashboard and the report use (`commitmentStanding.ts`).
 * The commitment's own `overdue` is the one of the campaign the dashboard
 * shows by default (under way, else the last closed).
 */
export async function commitmentsView(db: Knex, charter: CharterRow, membership: MembershipRow, today = parisDay()) {
  const [commitments, campaigns, declarations, appraisals, evidence] = await Promise.all([
    listTrackedCommitments(db, charter.id), listCampaigns(db, charter.id), listDeclarations(db, charter.id), listAppraisals(db, charter.id), listEvidence(db, charter.id),
  ]);
  const organisations = new Map((await getOrganisations(db, [...new Set(commitments.map((c) => c.organisation_id).filter((id): id is string => !!id))])).map((o) => [o.id, o]));
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  const latest = new Map<string, DeclarationRow>();
  const revisions = new Map<string, number>();
  for (const d of declarations) {
    const key = `${d.campaign_id}/${d.commitment_id}`;
    latest.set(key, d);
    revisions.set(key, (revisions.get(key) ?? 0) + 1);
  }
  const lastAppraisal = new Map<string, AppraisalRow>();
  for (const a of appraisals) lastAppraisal.set(`${a.campaign_id}/${a.commitment_id}`, a);
  const answered = new Set(declarations.map((d) => d.answers_appraisal_id).filter(Boolean));
  const standing = commitmentStandings(campaigns, declarations, today);
  const shown = chooseCampaign(campaigns);

  return {
    campaigns: campaigns.map(presentCampaign),
    commitments: commitments.map((c) => {
      const perCampaign = campaigns.map((campaign) => {
        const key = `${campaign.id}/${c.commitment_id}`;
        const d = latest.get(key);
        const a = lastAppraisal.get(key);
        const s = standing(campaign, c);
        return {
          campaignId: campaign.id,
          status: s.status,
          statusLabel: s.status ? DECLARATION_STATUSES[s.status] : NOT_DECLARED,
          fromEarlierCampaign: s.fromEarlierCampaign,
          fallenDue: s.fallenDue,
          overdue: s.overdue,
          declaration: d ? {
            id: d.id, revision: d.revision, revisions: revisions.get(key)!, status: d.status, narrative: d.narrative, reason: d.reason, createdAt: d.created_at,
            answersAppraisalId: d.answers_appraisal_id, evidence: (JSON.parse(d.evidence_ids) as string[]).map((id) => evidenceById.get(id)).filter((e): e is EvidenceRow => !!e).map(presentEvidence),
          } : null,
          appraisal: a ? {
            id: a.id, declarationId: a.declaration_id, appraisal: a.appraisal, appraisalLabel: APPRAISALS[a.appraisal], comment: a.comment,
            outcome: a.outcome, outcomeLabel: a.outcome ? APPRAISAL_OUTCOMES[a.outcome] : null, createdAt: a.created_at, answered: answered.has(a.id),
          } : null,
        };
      });
      const organisation = c.organisation_id ? organisations.get(c.organisation_id) : undefined;
      return {
        id: c.commitment_id,
        organisation: c.organisation_id ? { id: c.organisation_id, name: organisation?.name ?? null } : null,
        mine: !!membership.organisation_id && membership.organisation_id == c.organisation_id,
        article: { id: c.article_id, number: c.article_number, heading: c.article_heading },
        stage: { number: c.section_number, heading: c.section_heading },
        text: c.text, due: c.due, indicator: c.indicator,
        overdue: standing(shown, c).overdue,
        campaigns: perCampaign,
      };
    }),
  };
}
