import type { Services } from "../../services.js";
import { recordAudit } from "../../store/audit.js";
import { now, type CharterRow } from "../../store/rows.js";
import type { VersionRow } from "../../store/versions.js";
import { conflict } from "../../http/errors.js";

/**
 * Freezes a version for approval: the charter becomes `frozen`, its draft
 * read-only for everyone (the policy says so, and the collaboration server
 * applies it to open connections at once).
 */
export async function charterFreezer(services: Services, charter: CharterRow, version: VersionRow, userId: string, ip: string | null): Promise<void> {
  await services.db.transaction(async (trx) => {
    const n = await trx("charters").where({ id: charter.id, state: "drafting" }).update({ state: "frozen", frozen_version_id: version.id, updated_at: now() });
    if (n != 1) throw conflict("charter_state", "La charte n'est plus en rédaction.");
    await recordAudit(trx, {
      actorId: userId, charterId: charter.id, action: "charter.frozen", subjectType: "version", subjectId: version.id, ip,
      details: { number: version.number, label: version.label, hash: version.hash },
    });
  });
  services.events.emit("charter-changed", { charterId: charter.id });
}

/** Reopens drafting; the frozen version stays on record (in the versions and the audit log). */
export async function charterReopener(services: Services, charter: CharterRow, userId: string, ip: string | null): Promise<void> {
  await services.db.transaction(async (trx) => {
    const n = await trx("charters").where({ id: charter.id, state: "frozen" }).update({ state: "drafting", frozen_version_id: null, updated_at: now() });
    if (n != 1) throw conflict("charter_state", "La charte n'est pas figée.");
    await recordAudit(trx, { actorId: userId, charterId: charter.id, action: "charter.reopened", subjectType: "version", subjectId: charter.frozen_version_id ?? undefined, ip });
  });
  services.events.emit("charter-changed", { charterId: charter.id });
}
