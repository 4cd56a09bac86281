import type { AppraisalOutcome, CampaignState, DeclarationStatus } from "../../../../server/shared/followup.js";

/** A campaign as `GET /charters/:id/commitments` lists it. */
export interface Campaign {
  id: string;
  label: string;
  start: string;
  end: string;
  deadline: string;
  committeeDate: string;
  state: CampaignState;
}

/** One commitment's state in one campaign. */
export interface CommitmentInCampaign {
  campaignId: string;
  status: DeclarationStatus | null;
  statusLabel: string;
  declaration: { id: string; revision: number; status: DeclarationStatus; narrative: string; reason: string | null; createdAt: string; evidence: { id: string; kind: string; filename: string | null; title: string | null; url: string | null }[] } | null;
  appraisal: { id: string; appraisalLabel: string; comment: string; outcome: AppraisalOutcome | null; outcomeLabel: string | null; answered: boolean } | null;
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
