import type { Knex } from "knex";
import { getCharter } from "../../../store/charters.js";
import { getVersion } from "../../../store/versions.js";
import { getOrganisations } from "../../../store/organisations.js";
import { departementByCode } from "../../../shared/departements.js";
import type { RoundRow, SignatureRow } from "../../../store/signing.js";
import type { PdfVerification } from "./pdfSignatureVerifier.js";

/** What anyone may learn of a signed charter from its hash: no email, address or evidence, only what its PDF shows. */
export interface PublicSignedCharter {
  charter: { id: string; title: string; departement: string };
  version: { id: string; number: number; label: string; hash: string };
  /** `signing` while signatures are gathered, `signed` once all are. */
  state: "signing" | "signed";
  signatures: { organisation: string; signer: string; capacity: string; delegation: string | null; signedAt: string; timestamped: boolean }[];
}

/** The rounds (signing opened) of a version hash with a signed PDF, newest first; cancelled rounds left out. */
export async function signedRoundsOfHash(db: Knex, versionHash: string): Promise<RoundRow[]> {
  return db<RoundRow>("approval_rounds")
    .where({ version_hash: versionHash }).whereNotNull("signing_opened_at")
    .where((q) => q.whereNull("closed_reason").orWhere({ closed_reason: "signed" }))
    .whereIn("id", db("signed_pdfs").select("round_id"))
    .orderBy("opened_at", "desc");
}

/** The public facts of a round. */
export async function publicSignedCharter(db: Knex, round: RoundRow): Promise<PublicSignedCharter | null> {
  const charter = await getCharter(db, round.charter_id);
  const version = await getVersion(db, round.charter_id, round.version_id);
  if (!charter || !version) return null;
  const signatures = await db<SignatureRow>("signatures").where({ round_id: round.id }).orderBy([{ column: "signed_at" }, { column: "id" }]);
  const names = new Map((await getOrganisations(db, signatures.map((s) => s.organisation_id))).map((o) => [o.id, o.name]));
  const departement = departementByCode(charter.department_code);
  return {
    charter: { id: charter.id, title: charter.title, departement: departement ? `${departement.name} (${departement.code})` : charter.department_code },
    version: { id: version.id, number: version.named_number ?? version.number, label: version.label, hash: version.hash },
    state: round.closed_reason == "signed" ? "signed" : "signing",
    signatures: signatures.map((s) => ({
      organisation: names.get(s.organisation_id) ?? s.organisation_id, signer: s.signer_name, capacity: s.capacity, delegation: s.delegation, signedAt: s.signed_at, timestamped: s.timestamp_status == "timestamped",
    })),
  };
}

/** The answer of `POST /api/verify`. */
export interface UploadVerification extends Omit<PdfVerification, "signatures"> {
  /** Whether this file holds every signature and the final seal (else: a copy made during signing). */
  complete: boolean;
  found: PublicSignedCharter | null;
  signatures: PublicSignedCharter["signatures"];
}

/**
 * Verifies an uploaded PDF: its signatures (see `verifyPdfSignatures`), then
 * that it is a signed PDF this platform made: the bytes are those stored
 * for a round of that version (or the start of them, for a copy made while
 * signatures were still being gathered).
 */
export async function verifyUploadedPdf(db: Knex, pdf: Buffer, sealFingerprint: string): Promise<UploadVerification> {
  // pkijs is loaded by the first verification, not with the server.
  const { FAILURE_MESSAGES, verifyPdfSignatures } = await import("./pdfSignatureVerifier.js");
  const checked = await verifyPdfSignatures(pdf, [sealFingerprint]);
  const { signatures: inPdf, ...rest } = checked;
  const base = { ...rest, complete: false, found: null, signatures: [] };
  if (!checked.valid || !checked.versionHash) return base;
  for (const round of await signedRoundsOfHash(db, checked.versionHash)) {
    if (round.charter_id != checked.charterId) continue;
    const stored = await db("signed_pdfs").where({ round_id: round.id }).first("pdf", "sealed_at");
    const bytes = Buffer.from(stored.pdf);
    if (bytes.length < pdf.length || !bytes.subarray(0, pdf.length).equals(pdf)) continue;
    const found = await publicSignedCharter(db, round);
    if (!found) continue;
    // The file's signatures are the first ones made (each is appended after the one before); the seal is no organisation's.
    const organisationSignatures = inPdf.filter((s) => !s.reason?.startsWith("Cachet final")).length;
    return { ...base, complete: !!stored.sealed_at && bytes.length == pdf.length, found, signatures: found.signatures.slice(0, organisationSignatures) };
  }
  return { ...base, valid: false, reason: "not_signed_charter", message: FAILURE_MESSAGES.not_signed_charter };
}
