import type { Services } from "../../services.js";
import { recordAudit } from "../../store/audit.js";
import { changeCharterState } from "../../store/charters.js";
import { now, type CharterRow } from "../../store/rows.js";
import { conflict } from "../../http/errors.js";

/**
 * Archives a charter (pilots, while drafting or frozen): it becomes read-only
 * for everyone, on REST and on open connections at once, and is listed apart.
 */
export async function charterArchiver(services: Services, charter: CharterRow, userId: string, ip: string | null): Promise<void> {
  await services.db.transaction(async (trx) => {
    if (!(await changeCharterState(trx, charter.id, ["drafting", "frozen"], "archived", now()))) throw conflict("charter_state", "La charte ne peut plus être archivée.");
    await recordAudit(trx, { actorId: userId, charterId: charter.id, action: "charter.archived", subjectType: "charter", subjectId: charter.id, ip, details: { from: charter.state } });
    await services.events.publish(trx, "charter-changed", { charterId: charter.id });
  });
}

/**
 * Brings an archived charter back: frozen if a version was frozen for
 * approval when it was archived (that version is kept), else drafting.
 */
export async function charterUnarchiver(services: Services, charter: CharterRow, userId: string, ip: string | null): Promise<void> {
  const to = charter.frozen_version_id ? "frozen" : "drafting";
  await services.db.transaction(async (trx) => {
    if (!(await changeCharterState(trx, charter.id, ["archived"], to, now()))) throw conflict("charter_state", "La charte n'est pas archivée.");
    await recordAudit(trx, { actorId: userId, charterId: charter.id, action: "charter.unarchived", subjectType: "charter", subjectId: charter.id, ip, details: { to } });
    await services.events.publish(trx, "charter-changed", { charterId: charter.id });
  });
}
