import type { Services } from "../../services.js";
import type { CharterRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { listSignatories } from "../../store/charters.js";
import { listDecisions } from "../../store/signing.js";
import { recordAudit } from "../../store/audit.js";
import { conflict, invalidField } from "../../http/errors.js";
import { lockCurrentRound } from "./lockRound.js";

/**
 * Opens signing once every signatory organisation's latest decision on the
 * frozen version is an approval (else 409 naming those missing). Signatories
 * sign in parallel, or in the order given (every signatory organisation,
 * once each).
 */
export async function signingOpener(services: Services, charter: CharterRow, user: UserRow, order: string[] | undefined, ip: string | null): Promise<void> {
  const signatories = await listSignatories(services.db, charter.id);
  if (!signatories.length) throw conflict("no_signatories", "Cette charte n'a aucune organisation signataire : ajoutez-en avant d'ouvrir la signature.");
  if (order) {
    const ids = new Set(signatories.map((o) => o.id));
    if (order.length != ids.size || new Set(order).size != order.length || order.some((id) => !ids.has(id)))
      throw invalidField("order", "L'ordre de signature doit citer chaque organisation signataire une fois et une seule.");
  }
  const at = now();
  await services.db.transaction(async (trx) => {
    const round = await lockCurrentRound(trx, charter.id);
    const last = new Map<string, string>();
    for (const d of await listDecisions(trx, [round.id])) last.set(d.organisation_id, d.decision);
    const missing = signatories.filter((o) => last.get(o.id) != "approve");
    if (missing.length) {
      const error = conflict(
        "approvals_missing",
        `La signature ne peut pas être ouverte : ${missing.length == 1 ? "une organisation n'a" : `${missing.length} organisations n'ont`} pas encore approuvé la version figée (${missing.map((o) => o.name).join(", ")}).`,
      );
      error.details = { missing: missing.map((o) => ({ id: o.id, name: o.name })) };
      throw error;
    }
    const n = await trx("charters").where({ id: charter.id, state: "frozen" }).update({ state: "signing", updated_at: at });
    if (n != 1) throw conflict("charter_state", "La charte n'est plus figée pour approbation.");
    await trx("approval_rounds").where({ id: round.id }).update({ signing_opened_at: at, signing_order: order ? JSON.stringify(order) : null });
    await recordAudit(trx, {
      actorId: user.id, charterId: charter.id, action: "signing.opened", subjectType: "version", subjectId: round.version_id, ip,
      details: { versionHash: round.version_hash, order: order ?? null },
    });
    await services.events.publish(trx, "charter-changed", { charterId: charter.id });
  });
}
