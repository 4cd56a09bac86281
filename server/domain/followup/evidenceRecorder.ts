import { createHash, randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type { Services } from "../../services.js";
import type { Config } from "../../config.js";
import type { CharterRow, MembershipRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { recordAudit } from "../../store/audit.js";
import { lockCampaign } from "../../store/campaigns.js";
import { badRequest, conflict, forbidden, HttpError, notFound } from "../../http/errors.js";
import { evidenceType } from "./evidenceTypes.js";
import { frenchFileSize } from "../../shared/fileSizes.js";

/** What is stored: a file read from the upload, or a link. */
export type EvidenceInput =
  | { kind: "file"; filename: string; data: Buffer; title?: string }
  | { kind: "link"; url: string; title?: string };

/**
 * Stores a piece of evidence for the member's organisation in a campaign
 * that takes declarations (open, or in review for an answer): a file whose
 * content is a PDF, an image or an office document, kept in the database with
 * its SHA-256, or an https link. Anything refused leaves nothing stored.
 */
export async function evidenceRecorder(services: Services, charter: CharterRow, membership: MembershipRow, user: UserRow, campaignId: string, input: EvidenceInput, ip: string | null) {
  if (!membership.organisation_id) throw noOrganisation();
  const id = randomUUID();
  let row: Record<string, unknown>;
  if (input.kind == "file") {
    const type = await evidenceType(input.data);
    if (!type) throw new HttpError(415, "unsupported_file_type", "Type de fichier refusé : seuls les PDF, les images PNG ou JPEG et les documents bureautiques (Word, Excel, PowerPoint, OpenDocument) sont acceptés. Le type est lu dans le contenu du fichier, pas dans son nom.");
    row = {
      kind: "file", filename: safeFilename(input.filename), content_type: type, size: input.data.length,
      sha256: createHash("sha256").update(input.data).digest("hex"), data: input.data, url: null,
    };
  } else {
    let url: URL;
    try { url = new URL(input.url); } catch { throw badRequest("invalid_url", "Adresse invalide : indiquez un lien complet commençant par https://.", "url"); }
    if (url.protocol != "https:" || url.username || url.password) throw badRequest("invalid_url", "Seuls les liens https://, sans identifiant ni mot de passe, sont acceptés.", "url");
    row = { kind: "link", filename: null, content_type: null, size: null, sha256: null, data: null, url: url.toString() };
  }
  await services.db.transaction(async (trx) => {
    const campaign = await lockCampaign(trx, charter.id, campaignId);
    if (!campaign) throw notFound("Campagne");
    if (campaign.state == "closed") throw campaignClosed();
    // Counted under the campaign's lock: two uploads at once cannot both pass the last place.
    await checkQuota(trx, campaign.id, membership.organisation_id!, (row.size as number | null) ?? 0, services.config.evidenceQuota);
    await trx("campaign_evidence").insert({
      id, campaign_id: campaign.id, charter_id: charter.id, organisation_id: membership.organisation_id, title: input.title || null, ...row, uploaded_by: user.id, created_at: now(),
    });
    await recordAudit(trx, {
      actorId: user.id, charterId: charter.id, action: "evidence.added", subjectType: "campaign_evidence", subjectId: id, ip,
      details: { campaignId: campaign.id, organisationId: membership.organisation_id, kind: row.kind, filename: row.filename, sha256: row.sha256, size: row.size, url: row.url },
    });
  });
  return { id, kind: row.kind as string, title: input.title || null, filename: row.filename as string | null, contentType: row.content_type as string | null, size: row.size as number | null, sha256: row.sha256 as string | null, url: row.url as string | null };
}

/**
 * Refuses, before its body is read, a file that could not be stored (no
 * organisation, no such campaign or a closed one, no room left in the
 * quota): a hostile member would otherwise still have each 10 MiB file read,
 * typed and hashed. Not locked: the checks made when storing stay the ones
 * that count.
 */
export async function checkEvidenceRoom(services: Services, charter: CharterRow, campaignId: string, membership: MembershipRow): Promise<void> {
  if (!membership.organisation_id) throw noOrganisation();
  const campaign = await services.db("campaigns").where({ charter_id: charter.id, id: campaignId }).first("state");
  if (!campaign) throw notFound("Campagne");
  if (campaign.state == "closed") throw campaignClosed();
  await checkQuota(services.db, campaignId, membership.organisation_id, 1, services.config.evidenceQuota);
}

const noOrganisation = () => forbidden("Vous ne représentez aucune organisation de cette charte : vous ne pouvez pas déposer de pièce.");
const campaignClosed = () => conflict("campaign_closed", "Cette campagne est close : on n'y dépose plus de pièce.");

/** Refuses a piece of `bytes` that would take the organisation's evidence in the campaign beyond its quota (409, nothing stored). */
async function checkQuota(db: Knex, campaignId: string, organisationId: string, bytes: number, quota: Config["evidenceQuota"]): Promise<void> {
  const used = await db("campaign_evidence").where({ campaign_id: campaignId, organisation_id: organisationId }).first(db.raw("count(*) as items"), db.raw("coalesce(sum(size), 0) as bytes"));
  const items = Number(used?.items ?? 0);
  const stored = Number(used?.bytes ?? 0);
  if (items + 1 > quota.maxItems)
    throw conflict("evidence_quota_reached", `Votre organisation a déjà déposé ${items} pièce${items > 1 ? "s" : ""} dans cette campagne, le maximum : citez dans vos déclarations les pièces déjà déposées.`);
  if (stored + bytes > quota.maxBytes)
    throw conflict("evidence_quota_reached", stored >= quota.maxBytes
      ? `Les pièces de votre organisation dans cette campagne atteignent déjà ${frenchFileSize(quota.maxBytes)}, le maximum : citez dans vos déclarations les pièces déjà déposées, ou déposez un lien.`
      : `Ce fichier (${frenchFileSize(bytes)}) porterait les pièces de votre organisation dans cette campagne au-delà de ${frenchFileSize(quota.maxBytes)} (${frenchFileSize(stored)} déjà déposés) : déposez un fichier plus léger ou un lien.`);
}

/** The name as uploaded, without folders or control characters, at most 200 characters. */
function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, "").trim().slice(0, 200);
  return clean || "fichier";
}
