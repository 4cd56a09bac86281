import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import type { CharterRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { recordAudit } from "../../store/audit.js";
import { lockCampaign } from "../../store/campaigns.js";
import type { DeclarationRow } from "../../store/followup.js";
import { conflict, notFound } from "../../http/errors.js";
import type { Appraisal, AppraisalOutcome } from "../../shared/followup.js";

export interface AppraisalInput {
  declarationId: string;
  appraisal: Appraisal;
  comment: string;
  outcome?: AppraisalOutcome;
}

/**
 * Records a reviewer's appraisal of a declaration (committee or pilots), only
 * while the campaign is in review: declaring and reviewing never overlap, and
 * while under review only reviewers change appraisals. A later appraisal of
 * the same declaration replaces the earlier one; both are kept.
 */
export async function appraisalRecorder(services: Services, charter: CharterRow, user: UserRow, campaignId: string, input: AppraisalInput, ip: string | null) {
  const id = randomUUID();
  let declaration: DeclarationRow | undefined;
  await services.db.transaction(async (trx) => {
    const campaign = await lockCampaign(trx, charter.id, campaignId);
    if (!campaign) throw notFound("Campagne");
    if (campaign.state == "closed") throw conflict("campaign_closed", "Cette campagne est close : ses appréciations ne changent plus.");
    if (campaign.state != "in_review") throw conflict("campaign_open", "La campagne est encore ouverte aux déclarations : la revue commence quand un pilote la passe « en revue ».");
    declaration = await trx("declarations").where({ id: input.declarationId, campaign_id: campaign.id }).first();
    if (!declaration) throw notFound("Déclaration");
    const latest = await trx("declarations").where({ campaign_id: campaign.id, commitment_id: declaration.commitment_id }).max({ revision: "revision" }).first();
    if (Number(latest?.revision) != declaration.revision)
      throw conflict("declaration_superseded", "Cette déclaration a été remplacée par une révision plus récente : appréciez la dernière.");
    await trx("appraisals").insert({
      id, campaign_id: campaign.id, charter_id: charter.id, declaration_id: declaration.id, commitment_id: declaration.commitment_id,
      appraisal: input.appraisal, comment: input.comment, outcome: input.outcome ?? null, user_id: user.id, created_at: now(),
    });
    await recordAudit(trx, {
      actorId: user.id, charterId: charter.id, action: "appraisal.recorded", subjectType: "appraisal", subjectId: id, ip,
      details: { campaignId: campaign.id, declarationId: declaration.id, commitmentId: declaration.commitment_id, appraisal: input.appraisal, outcome: input.outcome ?? null },
    });
    await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "followup" });
  });
  return { id, declarationId: input.declarationId, commitmentId: declaration!.commitment_id, appraisal: input.appraisal, outcome: input.outcome ?? null };
}
