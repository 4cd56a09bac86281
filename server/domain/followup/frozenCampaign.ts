import { createHash } from "node:crypto";
import type { CampaignRow } from "../../store/campaigns.js";
import type { AppraisalRow, DeclarationRow, EvidenceRow, TrackedCommitmentRow } from "../../store/followup.js";
import { HttpError } from "../../http/errors.js";

/** An indicator row as the dashboard reads it (the `indicators` table's columns). */
export type IndicatorRecord = Record<string, any>;
export interface ValueRecord { indicator_id: string; period: string; value: number | string; final: boolean | number }

/** What a closed campaign's snapshot holds, in the shape of the live rows, for the dashboard and the report. */
export interface FrozenCampaign {
  commitments: Omit<TrackedCommitmentRow, "charter_id" | "version_id" | "version_hash" | "article_id" | "position" | "created_at">[];
  declarations: DeclarationRow[];
  appraisals: AppraisalRow[];
  evidence: EvidenceRow[];
  indicators: IndicatorRecord[];
  /** Every value entered up to the closing, oldest first per indicator and period. */
  values: ValueRecord[];
  /** The organisations' names at closing; empty in snapshots made before `format: 2`. */
  organisations: { id: string; name: string }[];
}

/**
 * Reads back the snapshot of a closed campaign (null for a campaign not
 * closed), after checking it still hashes to its stored SHA-256: a closed
 * campaign is shown as it was frozen, or not at all (500 `snapshot_altered`).
 * A snapshot made before `format: 2` lacks some of each indicator's
 * definition (kind, commitment, source, method, organisation): those are
 * taken from `liveIndicators`; its label, unit, direction, baseline, target
 * and values (those entered up to the closing) are the frozen ones.
 */
export function frozenCampaign(campaign: CampaignRow, liveIndicators: IndicatorRecord[]): FrozenCampaign | null {
  if (campaign.state != "closed" || campaign.snapshot == null) return null;
  if (createHash("sha256").update(campaign.snapshot, "utf8").digest("hex") != campaign.snapshot_sha256)
    throw new HttpError(500, "snapshot_altered", `L'instantané de la campagne close « ${campaign.label} » ne correspond plus à son empreinte SHA-256 : il n'est pas affiché.`);
  const s = JSON.parse(campaign.snapshot);
  const base = { campaign_id: campaign.id, charter_id: campaign.charter_id };
  const live = new Map(liveIndicators.map((i) => [i.id, i]));
  const complete = (s.format ?? 1) >= 2;
  const commitments: FrozenCampaign["commitments"] = [];
  const declarations: DeclarationRow[] = [];
  const appraisals: AppraisalRow[] = [];
  for (const c of s.commitments) {
    commitments.push({
      commitment_id: c.id, organisation_id: c.organisationId, article_number: c.article, article_heading: c.articleHeading, section_number: c.stage,
      section_heading: c.stageHeading, text: c.text, due: c.due, indicator: c.indicator,
    });
    for (const d of c.declarations) declarations.push({
      ...base, id: d.id, commitment_id: c.id, organisation_id: c.organisationId, revision: d.revision, status: d.status, narrative: d.narrative, reason: d.reason,
      evidence_ids: JSON.stringify(d.evidenceIds), answers_appraisal_id: d.answersAppraisalId, user_id: d.userId, created_at: d.at,
    });
    for (const a of c.appraisals) appraisals.push({
      ...base, id: a.id, declaration_id: a.declarationId, commitment_id: c.id, appraisal: a.appraisal, comment: a.comment, outcome: a.outcome, user_id: a.userId, created_at: a.at,
    });
  }
  // Appraisals in the order they were made, as the live query gives them (the latest counts).
  appraisals.sort((a, b) => a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1);
  const values: ValueRecord[] = [];
  const indicators = s.indicators.map((i: any) => {
    for (const v of i.values) values.push({ indicator_id: i.id, period: v.period, value: v.value, final: v.final });
    const frozen = {
      id: i.id, code: i.code, label: i.label, unit: i.unit, direction: i.direction,
      baseline_value: i.baseline, baseline_year: i.baselineYear, target_value: i.target, target_year: i.targetYear,
    };
    return complete
      ? { ...frozen, kind: i.kind, commitment_id: i.commitmentId, source: i.source, method: i.method, organisation_id: i.organisationId }
      : { kind: "objective", commitment_id: null, source: null, method: null, organisation_id: null, ...live.get(i.id), ...frozen };
  });
  return {
    commitments, declarations, appraisals, values, indicators,
    evidence: s.evidence.map((e: any): EvidenceRow => ({
      ...base, id: e.id, organisation_id: e.organisationId, kind: e.kind, title: e.title, filename: e.filename, content_type: e.contentType, size: e.size,
      sha256: e.sha256, url: e.url, uploaded_by: "", created_at: e.at,
    })),
    organisations: s.organisations ?? [],
  };
}
