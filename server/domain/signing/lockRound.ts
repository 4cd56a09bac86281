import type { Knex } from "knex";
import { isPostgres } from "../../store/db.js";
import { conflict } from "../../http/errors.js";
import type { RoundRow } from "../../store/signing.js";

/**
 * The round under way, locked for the rest of the transaction: decisions and
 * signatures of several organisations arriving at once are then counted one
 * after the other (SQLite, with its one connection, serialises them anyway).
 */
export async function lockCurrentRound(trx: Knex.Transaction, charterId: string): Promise<RoundRow> {
  const query = trx<RoundRow>("approval_rounds").where({ charter_id: charterId }).whereNull("closed_at").orderBy("opened_at", "desc").first();
  const round = await (isPostgres(trx) ? query.forUpdate() : query);
  if (!round) throw conflict("no_round", "Aucune version n'est soumise à l'approbation : un pilote doit d'abord figer une version.");
  return round;
}
