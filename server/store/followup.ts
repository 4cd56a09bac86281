import type { Knex } from "knex";
import type { AppraisalOutcome, Appraisal, DeclarationStatus } from "../shared/followup.js";

/** Queries of the follow-up tables: tracked commitments, declarations, appraisals, evidence. */

export interface TrackedCommitmentRow {
  charter_id: string;
  commitment_id: string;
  version_id: string;
  version_hash: string;
  organisation_id: string | null;
  article_id: string | null;
  article_number: number;
  article_heading: string;
  section_number: number;
  section_heading: string;
  text: string;
  due: string | null;
  indicator: string | null;
  position: number;
  created_at: string;
}

export interface DeclarationRow {
  id: string;
  campaign_id: string;
  charter_id: string;
  commitment_id: string;
  organisation_id: string;
  revision: number;
  status: DeclarationStatus;
  narrative: string;
  reason: string | null;
  evidence_ids: string;
  answers_appraisal_id: string | null;
  user_id: string;
  created_at: string;
}

export interface AppraisalRow {
  id: string;
  campaign_id: string;
  charter_id: string;
  declaration_id: string;
  commitment_id: string;
  appraisal: Appraisal;
  comment: string;
  outcome: AppraisalOutcome | null;
  user_id: string;
  created_at: string;
}

export interface EvidenceRow {
  id: string;
  campaign_id: string;
  charter_id: string;
  organisation_id: string;
  kind: "file" | "link";
  title: string | null;
  filename: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  data?: Buffer | null;
  url: string | null;
  uploaded_by: string;
  created_at: string;
}

export function listTrackedCommitments(db: Knex, charterId: string): Promise<TrackedCommitmentRow[]> {
  return db<TrackedCommitmentRow>("tracked_commitments").where({ charter_id: charterId }).orderBy("position");
}

export function getTrackedCommitment(db: Knex, charterId: string, commitmentId: string): Promise<TrackedCommitmentRow | undefined> {
  return db<TrackedCommitmentRow>("tracked_commitments").where({ charter_id: charterId, commitment_id: commitmentId }).first();
}

/** Every revision of every declaration of the charter (or of one campaign), oldest first. */
export function listDeclarations(db: Knex, charterId: string, campaignId?: string): Promise<DeclarationRow[]> {
  const query = db<DeclarationRow>("declarations").where({ charter_id: charterId });
  if (campaignId) query.andWhere({ campaign_id: campaignId });
  return query.orderBy([{ column: "campaign_id" }, { column: "commitment_id" }, { column: "revision" }]);
}

export function listAppraisals(db: Knex, charterId: string, campaignId?: string): Promise<AppraisalRow[]> {
  const query = db<AppraisalRow>("appraisals").where({ charter_id: charterId });
  if (campaignId) query.andWhere({ campaign_id: campaignId });
  return query.orderBy([{ column: "created_at" }, { column: "id" }]);
}

const EVIDENCE_FIELDS = ["id", "campaign_id", "charter_id", "organisation_id", "kind", "title", "filename", "content_type", "size", "sha256", "url", "uploaded_by", "created_at"];

/** Evidence without its content, for lists. */
export function listEvidence(db: Knex, charterId: string, campaignId?: string): Promise<EvidenceRow[]> {
  const query = db<EvidenceRow>("campaign_evidence").where({ charter_id: charterId });
  if (campaignId) query.andWhere({ campaign_id: campaignId });
  return query.orderBy("created_at").select(EVIDENCE_FIELDS);
}

/** One piece of evidence with its content. */
export function getEvidence(db: Knex, charterId: string, campaignId: string, id: string): Promise<EvidenceRow | undefined> {
  return db<EvidenceRow>("campaign_evidence").where({ charter_id: charterId, campaign_id: campaignId, id }).first();
}
