import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import type { CharterRow, MembershipRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { recordAudit } from "../../store/audit.js";
import { lockCampaign } from "../../store/campaigns.js";
import { getTrackedCommitment, type AppraisalRow, type DeclarationRow } from "../../store/followup.js";
import { getOrganisations } from "../../store/organisations.js";
import { badRequest, conflict, forbidden, HttpError, notFound } from "../../http/errors.js";
import { OUTCOMES_ASKING_ANSWER, STATUSES_NEEDING_REASON, type DeclarationStatus } from "../../shared/followup.js";

export interface DeclarationInput {
  commitmentId: string;
  status: DeclarationStatus;
  narrative: string;
  reason?: string;
  evidenceIds?: string[];
}

/**
 * Records a revision of an organisation's declaration on one of its
 * commitments. While the campaign is open any member of the responsible
 * organisation may declare and correct (each correction a new revision);
 * while it is in review the organisation may only answer, once, an
 * appraisal that asked it to complete or contested its declaration.
 */
export async function declarationRecorder(services: Services, charter: CharterRow, membership: MembershipRow, user: UserRow, campaignId: string, input: DeclarationInput, ip: string | null) {
  const commitment = await getTrackedCommitment(services.db, charter.id, input.commitmentId);
  if (!commitment) throw notFound("Engagement");
  if (!membership.organisation_id || membership.organisation_id != commitment.organisation_id) {
    const [owner] = commitment.organisation_id ? await getOrganisations(services.db, [commitment.organisation_id]) : [];
    throw forbidden(owner ? `Cet engagement relève de ${owner.name} : seuls ses membres peuvent le déclarer.` : "Cet engagement n'a pas d'organisation responsable : personne ne peut le déclarer.");
  }
  const needsReason = STATUSES_NEEDING_REASON[input.status];
  if (needsReason && !input.reason) throw badRequest("invalid_input", needsReason, "reason");
  const evidenceIds = [...new Set(input.evidenceIds ?? [])];
  const id = randomUUID();
  let answered: string | null = null;
  let revision = 0;
  try {
    await services.db.transaction(async (trx) => {
      const campaign = await lockCampaign(trx, charter.id, campaignId);
      if (!campaign) throw notFound("Campagne");
      if (campaign.state == "closed") throw conflict("campaign_closed", "Cette campagne est close : ses déclarations ne changent plus.");
      const previous: DeclarationRow | undefined = await trx("declarations").where({ campaign_id: campaign.id, commitment_id: commitment.commitment_id }).orderBy("revision", "desc").first();
      if (campaign.state == "in_review") {
        const appraisal: AppraisalRow | undefined = previous && await trx("appraisals").where({ declaration_id: previous.id }).orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }]).first();
        if (!appraisal || !appraisal.outcome || !OUTCOMES_ASKING_ANSWER.includes(appraisal.outcome))
          throw conflict("campaign_in_review", "La campagne est en revue : les déclarations sont closes, sauf pour répondre à une demande de complément ou à une contestation.");
        if (await trx("declarations").where({ answers_appraisal_id: appraisal.id }).first("id"))
          throw conflict("already_answered", "Votre organisation a déjà répondu à cette appréciation.");
        answered = appraisal.id;
      }
      if (evidenceIds.length) {
        const found = await trx("campaign_evidence").where({ campaign_id: campaign.id, organisation_id: commitment.organisation_id }).whereIn("id", evidenceIds).pluck("id");
        const missing = evidenceIds.filter((e) => !found.includes(e));
        if (missing.length) throw badRequest("unknown_evidence", "Pièce justificative inconnue : déposez-la d'abord dans cette campagne, pour votre organisation.", "evidenceIds");
      }
      revision = (previous?.revision ?? 0) + 1;
      await trx("declarations").insert({
        id, campaign_id: campaign.id, charter_id: charter.id, commitment_id: commitment.commitment_id, organisation_id: commitment.organisation_id, revision,
        status: input.status, narrative: input.narrative, reason: input.reason || null, evidence_ids: JSON.stringify(evidenceIds), answers_appraisal_id: answered,
        user_id: user.id, created_at: now(),
      });
      await recordAudit(trx, {
        actorId: user.id, charterId: charter.id, action: answered ? "declaration.answered" : "declaration.recorded", subjectType: "declaration", subjectId: id, ip,
        details: { campaignId: campaign.id, commitmentId: commitment.commitment_id, organisationId: commitment.organisation_id, revision, status: input.status, evidenceIds, answersAppraisalId: answered },
      });
      await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "followup" });
    });
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (isUniqueViolation(err)) throw conflict("declaration_race", "Une autre déclaration de cet engagement vient d'être enregistrée : rechargez la page.");
    throw err;
  }
  return { id, revision, commitmentId: commitment.commitment_id, status: input.status, answersAppraisalId: answered };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code == "23505" || e?.code == "SQLITE_CONSTRAINT" && /UNIQUE/i.test(e.message ?? "");
}
