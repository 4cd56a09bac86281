import type { Services } from "../../services.js";
import { recordAudit } from "../../store/audit.js";
import { deleteCharterRows, getCharter, lockCharter } from "../../store/charters.js";
import type { CharterRow } from "../../store/rows.js";
import { conflict } from "../../http/errors.js";
import { NEVER_SIGNED } from "../policy.js";

/**
 * Deletes a charter that was never signed (pilots), with all its rows, in one
 * transaction. Everyone connected to it is disconnected first (4404) and its
 * live draft dropped, so that nothing of it is written afterwards. The audit
 * log is append-only: it keeps the charter's events and records the deletion.
 */
export async function charterDeleter(services: Services, charter: CharterRow, userId: string, ip: string | null): Promise<void> {
  await services.liveDocuments.closeCharter(charter.id);
  await services.db.transaction(async (trx) => {
    await lockCharter(trx, charter.id);
    const current = await getCharter(trx, charter.id);
    // Checked again under the lock: a charter put to signature meanwhile is kept.
    if (!current || !NEVER_SIGNED.includes(current.state)) throw conflict("charter_state", "Une charte qui a été mise en signature ne peut pas être supprimée.");
    // A round of signing may have been closed (a refusal sends the charter back): any signature keeps it.
    if (await trx("signatures").where({ charter_id: charter.id }).first("id")) throw conflict("charter_signed", "Cette charte a déjà reçu des signatures : elle ne peut pas être supprimée.");
    await deleteCharterRows(trx, charter.id);
    await recordAudit(trx, {
      actorId: userId, charterId: charter.id, action: "charter.deleted", subjectType: "charter", subjectId: charter.id, ip,
      details: { title: current.title, state: current.state },
    });
    // The other instances drop their live draft of it too (this one did above).
    await services.events.publish(trx, "charter-deleted", { charterId: charter.id });
  });
}
