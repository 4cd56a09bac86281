import type { Organisation } from "../../types.js";

/** One line of a distribution of commitments. */
export interface PublicShare {
  id: string;
  label: string;
  count: number;
}

/** The commitments of a group by declared status and by appraisal. */
export interface PublicShares {
  total: number;
  byStatus: PublicShare[];
  byAppraisal: PublicShare[];
}

/** `GET /api/public/charters/:id` (see server/domain/publication/publicCharter.ts). */
export interface PublicCharter {
  charter: { id: string; title: string; departement: { code: string; name: string }; effectiveDate: string | null; endDate: string | null; publishedAt: string | null };
  version: { number: number; label: string; hash: string; document: unknown };
  organisations: Organisation[];
  signatories: { organisation: string; signer: string; capacity: string; delegation: string | null; signedAt: string }[];
  synthesis: {
    campaign: { label: string; start: string; end: string; committeeDate: string; closedAt: string | null; snapshotSha256: string | null };
    /** The day due dates were judged at (the end of the period, or today while it runs). */
    referenceDay: string;
    headline: { label: string; realised: number; assessed: number; share: number | null; fallenDue: number; notDeclared: number; withoutObject: number };
    overall: PublicShares;
    byStage: ({ number: number; heading: string } & PublicShares)[];
    byOrganisation: ({ organisation: string | null } & PublicShares)[];
  } | null;
}
