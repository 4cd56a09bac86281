/** Types of `GET /api/charters/:id/signatures` (see server/domain/signing/signingStatus.ts). */

export type Decision = "approve" | "request_changes" | "refused";

export interface DecisionView {
  decision: Decision;
  message: string | null;
  clauseIds: string[];
  at: string;
  by: { id: string; name: string | null };
}

export interface OrganisationStatus {
  organisation: { id: string; name: string };
  decision: DecisionView | null;
  history: DecisionView[];
  signature: { id: string; signedAt: string; signerName: string; capacity: string; delegation: string | null; mode: "drawn" | "typed" } | null;
  position: number | null;
  maySign: boolean;
}

export interface SigningStatus {
  state: string;
  effectiveDate: string | null;
  endDate: string | null;
  durationYears: number;
  round: { id: string; versionId: string; versionHash: string; openedAt: string; signingOpenedAt: string | null; order: string[] | null } | null;
  organisations: OrganisationStatus[];
  missingApprovals: { id: string; name: string }[];
  missingSignatures: { id: string; name: string }[];
  earlierRounds: {
    id: string; versionId: string; versionHash: string; openedAt: string; closedAt: string | null; closedReason: string | null;
    decisions: { organisation: { id: string; name: string }; decision: DecisionView }[];
  }[];
  /** For a signatory: the sentence they would consent to. */
  consentText: string | null;
  myOrganisationId: string | null;
}

export const DECISION_LABELS: Record<Decision, string> = {
  approve: "Approuvée",
  request_changes: "Modifications demandées",
  refused: "Signature refusée",
};
