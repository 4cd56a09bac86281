import type { Knex } from "knex";
import { isPostgres } from "./db.js";
import type { CampaignState } from "../shared/followup.js";

/** A follow-up campaign of a signed charter (« Bilan 2027 »). */
export interface CampaignRow {
  id: string;
  charter_id: string;
  label: string;
  start_date: string;
  end_date: string;
  deadline: string;
  committee_date: string;
  state: CampaignState;
  created_by: string;
  created_at: string;
  in_review_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  snapshot: string | null;
  snapshot_sha256: string | null;
  version_hash: string;
}

export function listCampaigns(db: Knex, charterId: string): Promise<CampaignRow[]> {
  return db<CampaignRow>("campaigns").where({ charter_id: charterId }).orderBy("created_at");
}

export function getCampaign(db: Knex, charterId: string, id: string): Promise<CampaignRow | undefined> {
  return db<CampaignRow>("campaigns").where({ charter_id: charterId, id }).first();
}

/** The campaign, locked for the rest of the transaction (PostgreSQL; SQLite serialises writes anyway). */
export async function lockCampaign(trx: Knex.Transaction, charterId: string, id: string): Promise<CampaignRow | undefined> {
  const query = trx<CampaignRow>("campaigns").where({ charter_id: charterId, id }).first();
  return isPostgres(trx) ? query.forUpdate() : query;
}
