import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import type { CharterRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { recordAudit } from "../../store/audit.js";
import { badRequest, conflict } from "../../http/errors.js";
import { signedVersion } from "./signedVersion.js";

export interface CampaignInput {
  label: string;
  start: string;
  end: string;
  deadline: string;
  committeeDate: string;
}

/**
 * Opens a campaign for a period (pilots). One campaign at a time is open or
 * in review: partners answer one call for declarations, not several.
 */
export async function campaignOpener(services: Services, charter: CharterRow, user: UserRow, input: CampaignInput, ip: string | null) {
  if (input.end < input.start) throw badRequest("invalid_period", "La fin de la période doit suivre son début.", "end");
  if (input.deadline < input.start) throw badRequest("invalid_deadline", "La date limite des déclarations ne peut précéder le début de la période.", "deadline");
  if (input.committeeDate < input.deadline) throw badRequest("invalid_committee_date", "Le comité ne peut se réunir avant la date limite des déclarations.", "committeeDate");
  const { versionHash } = await signedVersion(services.db, charter.id);
  const id = randomUUID();
  await services.db.transaction(async (trx) => {
    const running = await trx("campaigns").where({ charter_id: charter.id }).whereNot({ state: "closed" }).first("label");
    if (running) throw conflict("campaign_running", `La campagne « ${running.label} » n'est pas close : clôturez-la avant d'en ouvrir une autre.`);
    await trx("campaigns").insert({
      id, charter_id: charter.id, label: input.label, start_date: input.start, end_date: input.end, deadline: input.deadline, committee_date: input.committeeDate,
      state: "open", created_by: user.id, created_at: now(), version_hash: versionHash,
    });
    await recordAudit(trx, { actorId: user.id, charterId: charter.id, action: "campaign.opened", subjectType: "campaign", subjectId: id, ip, details: { ...input, versionHash } });
    await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "followup" });
  });
  return id;
}
