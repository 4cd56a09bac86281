import type { Knex } from "knex";
import type { Services } from "../../services.js";
import type { CharterRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import type { RoundRow, SignatureRow } from "../../store/signing.js";
import { listSignatories } from "../../store/charters.js";
import { getVersion } from "../../store/versions.js";
import { recordAudit } from "../../store/audit.js";
import { getSignedPdf, saveSignedPdf, type SignedPdfRow } from "../../store/signedPdfs.js";
import { parseCharterDocument } from "../../shared/validate.js";
import { loadExportModel } from "../../export/exportSource.js";
import { clauseHashes, type SignedPdfModel } from "../../export/signed/signedPdfModel.js";
import type { TimestampOutcome } from "../../export/signed/signedPdf.js";
import { createHash } from "node:crypto";
import type { DrawnSignature } from "./signatureImage.js";
import { theOrganisation } from "../../shared/organisationNames.js";

/**
 * The /Reason of a PDF signature: readable, and carrying what the verifier
 * reads back (the charter id and `sha256:` with the version's hash).
 */
export function signatureReason(what: string, charterId: string, versionNumber: number | null, versionHash: string): string {
  return `${what} - charte ${charterId} - version ${versionNumber ?? "?"} - empreinte sha256:${versionHash}`;
}

/** What the signed PDF of a round says, read in `db` (the caller's transaction). */
export async function loadSignedPdfModel(services: Services, db: Knex, charter: CharterRow, round: RoundRow): Promise<SignedPdfModel> {
  const text = await loadExportModel({ ...services, db }, charter, round.version_id);
  const version = (await getVersion(db, charter.id, round.version_id))!;
  const organisations = await listSignatories(db, charter.id);
  const order: string[] = round.signing_order ? JSON.parse(round.signing_order) : [];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const signatories = organisations.map((o, i) => ({ id: o.id, name: o.name, i })).sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i).map(({ id, name }) => ({ id, name }));
  return {
    charterId: charter.id,
    roundId: round.id,
    text,
    signatories,
    clauseHashes: clauseHashes(parseCharterDocument(JSON.parse(version.document))),
    verifyUrl: `${services.config.publicUrl}/verifier`,
    sealFingerprint: (await services.seal.key()).certificateSha256,
  };
}

/** The round's signed PDF, rendered and stored (before anyone signs) if it is not yet. */
export async function ensureSignedPdf(services: Services, db: Knex, charter: CharterRow, round: RoundRow): Promise<SignedPdfRow> {
  const existing = await getSignedPdf(db, round.id);
  if (existing) return existing;
  // The PDF libraries are loaded by the first signed PDF, not with the server.
  const { renderBaseSignedPdf } = await import("../../export/signed/signedPdf.js");
  const pdf = await renderBaseSignedPdf(await loadSignedPdfModel(services, db, charter, round));
  const row: SignedPdfRow = { round_id: round.id, charter_id: charter.id, version_id: round.version_id, version_hash: round.version_hash, pdf, sha256: sha256Of(pdf), signature_count: 0, sealed_at: null, updated_at: now() };
  // A signature under way may have stored one meanwhile: the first stored is the one.
  await db("signed_pdfs").insert(row).onConflict("round_id").ignore();
  return (await getSignedPdf(db, round.id))!;
}

/**
 * Adds a just-recorded signature to the round's signed PDF, in the same
 * transaction as the signature row, so that neither is ever stored without
 * the other; the last one also gets the platform's final seal. With a TSA
 * configured, a timestamp that cannot be had is recorded (on the signature
 * row and in the audit log) and the signature is made without it.
 */
export async function signedPdfRecorder(services: Services, trx: Knex.Transaction, charter: CharterRow, round: RoundRow, signature: SignatureRow, organisationName: string, completed: boolean): Promise<TimestampOutcome> {
  const stored = await ensureSignedPdf(services, trx, charter, round);
  const seal = await services.seal.key();
  const [{ appendFinalSeal, appendSignature }, { RetryingTimestampAuthority }] = await Promise.all([import("../../export/signed/signedPdf.js"), import("./seal/retryingTimestamps.js")]);
  const timestampAuthority = services.config.tsaUrl ? new RetryingTimestampAuthority(services.config.tsaUrl) : null;
  const version = (await getVersion(trx, charter.id, round.version_id))!;
  const common = { signer: seal.signer, location: services.config.publicUrl, timestampAuthority };
  const signed = await appendSignature(stored.pdf, {
    ...common,
    organisationId: signature.organisation_id,
    reason: signatureReason(`Signature de ${theOrganisation(organisationName)} par ${signature.signer_name}`, charter.id, version.named_number ?? version.number, round.version_hash),
    block: {
      signerName: signature.signer_name, capacity: signature.capacity, delegation: signature.delegation, organisationName, signedAt: signature.signed_at, mode: signature.mode,
      image: signature.image ? (JSON.parse(signature.image) as DrawnSignature) : null, typedName: signature.typed_name,
    },
  });
  let pdf = signed.bytes;
  let count = stored.signature_count + 1;
  let sealedAt: string | null = null;
  if (completed) {
    const sealed = await appendFinalSeal(pdf, { ...common, reason: signatureReason("Cachet final de la plateforme, toutes les organisations ayant signe", charter.id, version.named_number ?? version.number, round.version_hash) });
    pdf = sealed.bytes;
    count++;
    sealedAt = now();
    if (sealed.timestamp.status == "failed") await timestampFailed(trx, charter, signature, "seal", sealed.timestamp.error!);
  }
  await saveSignedPdf(trx, { ...stored, pdf, sha256: sha256Of(pdf), signature_count: count, sealed_at: sealedAt, updated_at: now() });
  if (signed.timestamp.status) await trx("signatures").where({ id: signature.id }).update({ timestamp_status: signed.timestamp.status, timestamp_error: signed.timestamp.error });
  if (signed.timestamp.status == "failed") await timestampFailed(trx, charter, signature, "signature", signed.timestamp.error!);
  return signed.timestamp;
}

async function timestampFailed(trx: Knex.Transaction, charter: CharterRow, signature: SignatureRow, of: "signature" | "seal", error: string) {
  await recordAudit(trx, {
    actorId: signature.user_id, charterId: charter.id, action: "signature.timestamp_failed", subjectType: "signature", subjectId: signature.id,
    details: { of, organisationId: signature.organisation_id, error },
  });
}

const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
