import type { Services } from "../../services.js";
import type { CharterRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { recordAudit } from "../../store/audit.js";
import { lockCampaign } from "../../store/campaigns.js";
import { conflict, notFound } from "../../http/errors.js";
import { CAMPAIGN_STATES } from "../../shared/followup.js";
import { campaignSnapshot } from "./campaignSnapshot.js";

const NEXT = { open: "in_review", in_review: "closed" } as const;

/**
 * Moves a campaign on: `open` → `in_review` (declarations stop, reviewers
 * appraise), then `in_review` → `closed`, which freezes the campaign into its
 * snapshot and SHA-256. Nothing goes back: a closed campaign is what the
 * committee saw.
 */
export async function campaignStateChanger(services: Services, charter: CharterRow, user: UserRow, campaignId: string, state: "in_review" | "closed", ip: string | null) {
  let result: { state: string; snapshotSha256: string | null } = { state, snapshotSha256: null };
  await services.db.transaction(async (trx) => {
    const campaign = await lockCampaign(trx, charter.id, campaignId);
    if (!campaign) throw notFound("Campagne");
    if (campaign.state == "closed") throw conflict("campaign_closed", "Cette campagne est close : elle ne change plus.");
    if (NEXT[campaign.state] != state)
      throw conflict("campaign_state", `La campagne est « ${CAMPAIGN_STATES[campaign.state]} » : elle ne peut passer à « ${CAMPAIGN_STATES[state]} ».`);
    const at = now();
    if (state == "in_review") {
      await trx("campaigns").where({ id: campaign.id, state: "open" }).update({ state, in_review_at: at });
    } else {
      const { json, sha256 } = await campaignSnapshot(trx, charter, campaign, at);
      await trx("campaigns").where({ id: campaign.id, state: "in_review" }).update({ state, closed_at: at, closed_by: user.id, snapshot: json, snapshot_sha256: sha256 });
      result = { state, snapshotSha256: sha256 };
    }
    await recordAudit(trx, {
      actorId: user.id, charterId: charter.id, action: state == "closed" ? "campaign.closed" : "campaign.in_review", subjectType: "campaign", subjectId: campaign.id, ip,
      details: { from: campaign.state, to: state, ...(result.snapshotSha256 ? { snapshotSha256: result.snapshotSha256, versionHash: campaign.version_hash } : {}) },
    });
    await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "followup" });
  });
  return result;
}
