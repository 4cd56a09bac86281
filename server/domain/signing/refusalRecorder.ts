import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import type { CharterRow, MembershipRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { insertDecision, listSignatures } from "../../store/signing.js";
import { recordAudit } from "../../store/audit.js";
import { conflict } from "../../http/errors.js";
import { signatoryOrganisation } from "./signatoryOrganisation.js";
import { lockCurrentRound } from "./lockRound.js";

/**
 * A signatory refuses to sign, with a reason: signing stops and the charter
 * goes back to the pilot, frozen. The refusal stands as the organisation's
 * decision until it approves again; signatures already given stay, and count
 * if signing is opened again on the same version.
 */
export async function refusalRecorder(services: Services, charter: CharterRow, membership: MembershipRow, user: UserRow, reason: string, ip: string | null) {
  const organisation = await signatoryOrganisation(services.db, charter.id, membership);
  const at = now();
  const id = randomUUID();
  await services.db.transaction(async (trx) => {
    const round = await lockCurrentRound(trx, charter.id);
    if ((await listSignatures(trx, [round.id])).some((s) => s.organisation_id == organisation.id))
      throw conflict("already_signed", `${organisation.name} a déjà signé cette version : elle ne peut plus refuser de la signer.`);
    const n = await trx("charters").where({ id: charter.id, state: "signing" }).update({ state: "frozen", updated_at: at });
    if (n != 1) throw conflict("charter_state", "La charte n'est pas en signature.");
    await trx("approval_rounds").where({ id: round.id }).update({ signing_opened_at: null });
    await insertDecision(trx, {
      id, round_id: round.id, charter_id: charter.id, organisation_id: organisation.id, user_id: user.id, decision: "refused", message: reason, clause_ids: null, created_at: at,
    });
    await recordAudit(trx, {
      actorId: user.id, charterId: charter.id, action: "signature.refused", subjectType: "version", subjectId: round.version_id, ip,
      details: { organisationId: organisation.id, organisation: organisation.name, versionHash: round.version_hash, reason },
    });
    await services.events.publish(trx, "charter-changed", { charterId: charter.id });
  });
  return { id, organisationId: organisation.id };
}
