import { route } from "../route.js";
import { badRequest, conflict, HttpError } from "../errors.js";
import { currentRound, listRounds } from "../../store/signing.js";
import { getSignedPdf } from "../../store/signedPdfs.js";
import { ensureSignedPdf } from "../../domain/signing/signedPdfRecorder.js";
import { publicSignedCharter, signedRoundsOfHash, verifyUploadedPdf } from "../../domain/signing/verify/verificationReport.js";
import { getVersion } from "../../store/versions.js";
import { slug } from "../../export/filenames.js";
import { readRawBody } from "../rawBody.js";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ipKeyGenerator } from "express-rate-limit";
import type { Services } from "../../services.js";
import { tooManyRequests } from "../errors.js";

/** Verifications of uploaded PDFs per client address and minute: public, and each costs the server a parse and a check of every signature. */
export const VERIFICATIONS_PER_MINUTE = 30;
const limiters = new WeakMap<Services, RateLimiterMemory>();

async function chargeVerification(services: Services, ip: string | null): Promise<void> {
  let limiter = limiters.get(services);
  if (!limiter) limiters.set(services, (limiter = new RateLimiterMemory({ points: VERIFICATIONS_PER_MINUTE, duration: 60 })));
  try {
    await limiter.consume(ipKeyGenerator(ip ?? "unknown"));
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw tooManyRequests(`Trop de vérifications depuis votre adresse : réessayez dans ${seconds} s.`, seconds);
  }
}

/**
 * The signed PDF of a charter, and its verification by anyone: an uploaded
 * copy, or a version hash (what the certificate page's QR code holds).
 */
export const signedPdfRoutes = [
  route({
    method: "get", path: "/charters/:id/signed.pdf", tag: "signing", access: { charter: "document:read" }, produces: "application/pdf",
    summary: "Download the signed PDF (every member): the frozen version with one signature block per organisation and a certificate page, each signature an incremental PAdES signature of the platform seal. During signing, the PDF as signed so far.",
    responds: "The PDF, as an attachment; 409 `not_signing` before signing is opened.",
    async handle({ services, charter }) {
      const c = charter!;
      let row;
      if (c.state == "signing") {
        const round = await currentRound(services.db, c.id);
        if (round?.signing_opened_at) row = await ensureSignedPdf(services, services.db, c, round);
      } else if (c.state == "signed") {
        const round = (await listRounds(services.db, c.id)).find((r) => r.closed_reason == "signed");
        if (round) row = await getSignedPdf(services.db, round.id);
      }
      if (!row) throw conflict("not_signing", "Le PDF signé n'existe qu'une fois la signature ouverte : il n'y en a pas encore pour cette charte.");
      const version = await getVersion(services.db, c.id, row.version_id);
      const title = c.title.replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]+/gu, " ").replace(/\s+/g, " ").trim().slice(0, 150) || "Charte";
      const which = `version ${version?.number ?? ""} ${row.sealed_at ? "signée" : "en cours de signature"}`;
      return { file: { contentType: "application/pdf", filename: `${title} — ${which}.pdf`, asciiFilename: `${slug(title).slice(0, 80) || "charte"}-${slug(which)}.pdf`, data: row.pdf } };
    },
  }),
  route({
    method: "get", path: "/verify", tag: "verification", access: { public: true },
    summary: "The platform seal's certificate (public): what the signatures of signed PDFs are checked against.",
    responds: "`{seal: {subject, certificateSha256}, verifyUrl}`.",
    async handle({ services }) {
      const seal = await services.seal.key();
      return { body: { seal: { subject: seal.subject, certificateSha256: seal.certificateSha256 }, verifyUrl: `${services.config.publicUrl}/verifier` } };
    },
  }),
  route({
    method: "post", path: "/verify", tag: "verification", access: { public: true },
    consumes: { "application/pdf": { type: "string", format: "binary" } },
    summary: "Verify a PDF (public, 30 per client address and minute, then 429; body: the file, `content-type: application/pdf`, up to MAX_VERIFY_PDF_BYTES): is it an intact charter signed on this platform, which charter and version, who signed and when; why not when not.",
    responds: "`{valid, reason?, message?, charterId, versionNumber, versionHash, complete, found: {charter, version, state, signatures} | null, signatures}`; `reason` is `altered`, `appended`, `unknown_key` or `not_signed_charter`.",
    async handle({ services, request, ip }) {
      await chargeVerification(services, ip);
      if (!/^application\/pdf/i.test(request.get("content-type") ?? "")) throw new HttpError(415, "unsupported_media_type", "Envoyez le fichier PDF à vérifier avec l'en-tête content-type: application/pdf.");
      const rawBody = await readRawBody(request, services.config.maxVerifyPdfBytes);
      if (!rawBody.length) throw badRequest("pdf_expected", "Envoyez le fichier PDF à vérifier, avec l'en-tête content-type: application/pdf.");
      const seal = await services.seal.key();
      return { body: await verifyUploadedPdf(services.db, rawBody, seal.certificateSha256) };
    },
  }),
  route({
    method: "get", path: "/verify/:hash", tag: "verification", access: { public: true },
    summary: "Is this the hash of a charter version signed (or being signed) here (public)? Which charter and version, who signed and when: nothing else.",
    responds: "`{hash, charter, version, state, signatures}`; 404 `unknown_hash`.",
    async handle({ services, params }) {
      const hash = params.hash.toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hash)) throw badRequest("invalid_hash", "Empreinte invalide : 64 caractères hexadécimaux (SHA-256) sont attendus.", "hash");
      for (const round of await signedRoundsOfHash(services.db, hash)) {
        const found = await publicSignedCharter(services.db, round);
        if (found) return { body: { hash, ...found } };
      }
      throw new HttpError(404, "unknown_hash", "Aucune charte signée sur cette plateforme ne porte cette empreinte.");
    },
  }),
];
