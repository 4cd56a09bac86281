import type { Knex } from "knex";
import { commitmentTracker } from "../../server/domain/followup/commitmentTracker.js";

// Charters signed before the follow-up existed get their tracked commitments
// and indicators now, from the version they were signed in, as the signing
// would have made them. Charters already tracked are left as they are.
export async function up(knex: Knex): Promise<void> {
  const signed = await knex("charters").where({ state: "signed" });
  for (const charter of signed) {
    if (await knex("tracked_commitments").where({ charter_id: charter.id }).first("commitment_id")) continue;
    const round = await knex("approval_rounds").where({ charter_id: charter.id, closed_reason: "signed" }).orderBy("closed_at", "desc").first("version_id");
    if (!round || !charter.end_date) continue;
    await knex.transaction((trx) => commitmentTracker(trx, charter, round.version_id, charter.end_date).then(() => undefined));
  }
}

// Nothing to undo: the rows belong to the follow-up tables, which the migration before this one drops.
export async function down(): Promise<void> {}
