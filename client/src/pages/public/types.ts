import type { Organisation } from "../../types.js";

/** One line of a distribution of commitments. */
export interface PublicShare {
  id: string;
  label: string;
  count: number;
}

/** `GET /api/public/charters/:id` (see server/domain/publication/publicCharter.ts). */
export interface PublicCharter {
  charter: { id: string; title: string; departement: { code: string; name: string }; effectiveDate: string | null; endDate: string | null; publishedAt: string | null };
  version: { number: number; label: string; hash: string; document: unknown };
  organisations: Organisation[];
  signatories: { organisation: string; signer: string; capacity: string; delegation: string | null; signedAt: string }[];
  synthesis: {
    campaign: { label: string; start: string; end: string; committeeDate: string; closedAt: string | null; snapshotSha256: string | null };
    commitments: number;
    headline: { label: string; realised: number; due: number; share: number | null; dueNotDeclared: number };
    byStatus: PublicShare[];
    byAppraisal: PublicShare[];
  } | null;
}
