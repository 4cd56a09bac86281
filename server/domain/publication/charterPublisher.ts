import type { Services } from "../../services.js";
import type { CharterRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { recordAudit } from "../../store/audit.js";
import { lockCharter } from "../../store/charters.js";
import { conflict, notFound } from "../../http/errors.js";

/**
 * Publishes the public page of a signed charter, or withdraws it (pilots).
 * Only a signed charter has one: its text no longer changes, and its
 * signatories are known. Publishing twice, or withdrawing what is not
 * published, changes nothing and records nothing.
 */
export async function charterPublisher(services: Services, charter: CharterRow, user: UserRow, published: boolean, ip: string | null): Promise<{ publishedAt: string | null }> {
  let publishedAt: string | null = null;
  await services.db.transaction(async (trx) => {
    await lockCharter(trx, charter.id);
    const current = await trx<CharterRow>("charters").where({ id: charter.id }).first();
    if (!current) throw notFound("Charte");
    if (current.state != "signed") throw conflict("charter_not_signed", "Seule une charte signée peut être publiée : sa page publique montre le texte signé et ses signataires.");
    publishedAt = current.published_at ?? null;
    if (published == !!publishedAt) return;
    publishedAt = published ? now() : null;
    await trx("charters").where({ id: charter.id }).update({ published_at: publishedAt, published_by: published ? user.id : null });
    await recordAudit(trx, {
      actorId: user.id, charterId: charter.id, action: published ? "charter.published" : "charter.unpublished", subjectType: "charter", subjectId: charter.id, ip,
      details: { publicPath: `/chartes-publiques/${charter.id}` },
    });
    await services.events.publish(trx, "charter-changed", { charterId: charter.id });
  });
  return { publishedAt };
}
