import type { CampaignState, ProgressCategory } from "../../../../server/shared/followup.js";

/** What `GET /charters/:id/dashboard` answers (see `server/domain/followup/dashboardModel.ts`). */

export interface YearValue {
  value: number;
  year: number;
}

/** Counts of a group of commitments, keyed by status id (with `non_renseigne`) and appraisal id (with `non_apprecie`). */
export interface Distribution {
  total: number;
  byStatus: Record<string, number>;
  byAppraisal: Record<string, number>;
  overdue: number;
}

export interface DashboardCommitment {
  id: string;
  text: string;
  organisation: { id: string; name: string } | null;
  article: { number: number; heading: string };
  stage: { number: number; heading: string };
  due: string | null;
  status: string;
  statusLabel: string;
  appraisal: string;
  appraisalLabel: string;
  fallenDue: boolean;
  overdue: boolean;
}

export interface DashboardIndicator {
  id: string;
  code: string;
  label: string;
  kind: string;
  unit: string | null;
  direction: "up" | "down" | null;
  directionLabel: string | null;
  source: string | null;
  method: string | null;
  organisation: { id: string; name: string } | null;
  baseline: YearValue | null;
  target: YearValue | null;
  values: { period: string; value: number; final: boolean }[];
  trajectory: YearValue[];
  latest: (YearValue & { final: boolean }) | null;
  progress: { category: ProgressCategory; label: string; method: "target" | "trend" | null; score: number | null; note: string | null };
}

export interface Dashboard {
  charter: { id: string; title: string };
  campaign: { id: string; label: string; state: CampaignState; start: string; end: string; committeeDate: string } | null;
  campaigns: { id: string; label: string; state: CampaignState }[];
  referenceDay: string;
  legend: { statuses: { id: string; label: string }[]; appraisals: { id: string; label: string }[]; overdue: string };
  headline: { label: string; numerator: number; denominator: number; share: number | null; fallenDue: number; notDeclared: number; withoutObject: number };
  distribution: Distribution;
  byOrganisation: ({ organisation: { id: string; name: string } | null } & Distribution)[];
  byStage: ({ number: number; heading: string } & Distribution)[];
  byArticle: ({ number: number; heading: string; stage: number } & Distribution)[];
  overdue: DashboardCommitment[];
  commitments: DashboardCommitment[];
  indicators: DashboardIndicator[];
}
