import type { Knex } from "knex";

/** The signed PDF of a round, as signed so far. */
export interface SignedPdfRow {
  round_id: string;
  charter_id: string;
  version_id: string;
  version_hash: string;
  pdf: Buffer;
  sha256: string;
  signature_count: number;
  sealed_at: string | null;
  updated_at: string;
}

export async function getSignedPdf(db: Knex, roundId: string): Promise<SignedPdfRow | undefined> {
  const row = await db<SignedPdfRow>("signed_pdfs").where({ round_id: roundId }).first();
  if (row) row.pdf = Buffer.from(row.pdf);
  return row;
}

/** The newest signed PDF of a charter (the round under way, or the one that was signed). */
export async function latestSignedPdf(db: Knex, charterId: string): Promise<SignedPdfRow | undefined> {
  const row = await db<SignedPdfRow>("signed_pdfs").where({ charter_id: charterId }).orderBy("updated_at", "desc").first();
  if (row) row.pdf = Buffer.from(row.pdf);
  return row;
}

/** Stores the round's PDF: the first one, or the next incremental update of it. */
export async function saveSignedPdf(db: Knex, row: SignedPdfRow): Promise<void> {
  await db("signed_pdfs").insert(row).onConflict("round_id").merge();
}

/** The signed PDFs of a version hash, without their bytes (for `GET /api/verify/:hash`). */
export function signedPdfsOfHash(db: Knex, versionHash: string): Promise<Omit<SignedPdfRow, "pdf">[]> {
  return db<SignedPdfRow>("signed_pdfs").where({ version_hash: versionHash }).select("round_id", "charter_id", "version_id", "version_hash", "sha256", "signature_count", "sealed_at", "updated_at");
}
