import type { Services } from "../../services.js";
import { recordAudit } from "../../store/audit.js";
import { now, type CharterRow } from "../../store/rows.js";

/**
 * Renames a charter. Its title is written in its document (the `title` node,
 * which co-authors may edit too), so the new title goes into the live draft
 * through the collaboration server, where everyone connected sees it at once,
 * and into the charter's row that lists and invitations show.
 */
export async function charterRenamer(services: Services, charter: CharterRow, userId: string, title: string, ip: string | null): Promise<void> {
  await services.liveDocuments.changeDocument(charter.id, userId, { kind: "title", title });
  await services.db.transaction(async (trx) => {
    await trx("charters").where({ id: charter.id }).update({ title, updated_at: now() });
    await recordAudit(trx, { actorId: userId, charterId: charter.id, action: "charter.renamed", subjectType: "charter", subjectId: charter.id, ip, details: { from: charter.title, to: title } });
    await services.events.publish(trx, "charter-changed", { charterId: charter.id });
  });
}
