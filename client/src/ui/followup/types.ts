import type { Appraisal, AppraisalOutcome, CampaignState, DeclarationStatus } from "../../../../server/shared/followup.js";

/** A campaign as `GET /charters/:id/commitments` lists it. */
export interface Campaign {
  id: string;
  label: string;
  start: string;
  end: string;
  deadline: string;
  committeeDate: string;
  state: CampaignState;
  closedAt?: string | null;
  /** Set once closed: the SHA-256 of the frozen snapshot. */
  snapshotSha256?: string | null;
}

/** A piece of evidence attached to a declaration: a stored file or a link. */
export interface Evidence {
  id: string;
  kind: "file" | "link" | string;
  filename: string | null;
  title: string | null;
  url: string | null;
  size?: number | null;
  contentType?: string | null;
  sha256?: string | null;
}

/** One commitment's state in one campaign. */
export interface CommitmentInCampaign {
  campaignId: string;
  status: DeclarationStatus | null;
  statusLabel: string;
  /** « Réalisé » or « Sans objet » carried from an earlier campaign, where nothing was declared in this one. */
  fromEarlierCampaign: boolean;
  /** Due on or before the end of this campaign's period (and before today). */
  fallenDue: boolean;
  /** Fallen due and neither « Réalisé » nor « Sans objet »: « En retard » in this campaign. */
  overdue: boolean;
  declaration: {
    id: string; revision: number; status: DeclarationStatus; narrative: string; reason: string | null; createdAt: string;
    /** The appraisal this revision answers (the organisation's one answer to « à compléter » or « contesté »). */
    answersAppraisalId?: string | null;
    evidence: Evidence[];
  } | null;
  appraisal: {
    id: string; declarationId?: string; appraisal?: Appraisal; appraisalLabel: string; comment: string; outcome: AppraisalOutcome | null; outcomeLabel: string | null;
    createdAt?: string; answered: boolean;
  } | null;
}

/** A tracked commitment of the signed charter. */
export interface TrackedCommitment {
  id: string;
  organisation: { id: string; name: string | null } | null;
  mine: boolean;
  article: { id: string | null; number: number; heading: string };
  stage: { number: number; heading: string };
  text: string;
  due: string | null;
  indicator: string | null;
  overdue: boolean;
  campaigns: CommitmentInCampaign[];
}

export interface CommitmentsAnswer {
  campaigns: Campaign[];
  commitments: TrackedCommitment[];
}

/** An indicator value for one period (the latest entry for a period counts). */
export interface IndicatorValue {
  id: string;
  period: string;
  value: number;
  final: boolean;
  origin: "manual" | "import" | string;
  enteredBy: { id: string; name: string | null };
  enteredAt: string;
}

/** An indicator as `GET /charters/:id/indicators` lists it. */
export interface Indicator {
  id: string;
  code: string;
  label: string;
  kind: string;
  unit: string | null;
  direction: "up" | "down" | null;
  source: string | null;
  method: string | null;
  baseline: { value: number; year: number } | null;
  target: { value: number; year: number } | null;
  organisationId: string | null;
  values: IndicatorValue[];
}
