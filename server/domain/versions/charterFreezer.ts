import type { Services } from "../../services.js";
import { recordAudit } from "../../store/audit.js";
import { now, type CharterRow } from "../../store/rows.js";
import type { VersionRow } from "../../store/versions.js";
import { conflict } from "../../http/errors.js";
import { parseCharterDocument } from "../../shared/validate.js";
import { locatePlaceholders } from "../../shared/placeholders.js";
import { cancelApprovalRound, openApprovalRound } from "../signing/rounds.js";

/** Most placeholders listed in a refusal or an audit entry; the count is always exact. */
const LISTED = 200;
import { versionDetails } from "./versionSaver.js";

/**
 * Freezes a version for approval: the charter becomes `frozen`, its draft
 * read-only for everyone (the policy says so, and the collaboration server
 * applies it to open connections at once).
 *
 * A version that still holds placeholders (« [à compléter] », « [date] »…)
 * is refused with `placeholders_left` and their list, unless the pilot has
 * seen that list and confirmed (`confirmPlaceholders`); the audit log then
 * says what was left.
 */
export async function charterFreezer(
  services: Services, charter: CharterRow, version: VersionRow, userId: string, ip: string | null,
  options: { confirmPlaceholders?: boolean } = {},
): Promise<void> {
  // Asking to confirm placeholders would be pointless for a charter that cannot be frozen anyway.
  if (charter.state != "drafting") throw conflict("charter_state", "La charte n'est plus en rédaction.");
  const placeholders = locatePlaceholders(parseCharterDocument(JSON.parse(version.document))).map(({ text, where }) => ({ text, where }));
  const count = placeholders.length;
  if (count && !options.confirmPlaceholders) {
    const error = conflict(
      "placeholders_left",
      `La version V${version.named_number} contient encore ${count} élément${count > 1 ? "s" : ""} à compléter (comme « ${placeholders[0].text} », ${placeholders[0].where}). ` +
        "Complétez-les, ou confirmez que vous la figez en l'état.",
    );
    error.details = { count, placeholders: placeholders.slice(0, LISTED) };
    throw error;
  }
  await services.db.transaction(async (trx) => {
    const at = now();
    const n = await trx("charters").where({ id: charter.id, state: "drafting" }).update({ state: "frozen", frozen_version_id: version.id, updated_at: at });
    if (n != 1) throw conflict("charter_state", "La charte n'est plus en rédaction.");
    await openApprovalRound(trx, charter.id, version, userId, at);
    await recordAudit(trx, {
      actorId: userId, charterId: charter.id, action: "charter.frozen", subjectType: "version", subjectId: version.id, ip,
      details: versionDetails(version),
    });
    if (count)
      await recordAudit(trx, {
        actorId: userId, charterId: charter.id, action: "charter.frozen_with_placeholders", subjectType: "version", subjectId: version.id, ip,
        details: { ...versionDetails(version), count, placeholders: placeholders.slice(0, LISTED) },
      });
    await services.events.publish(trx, "charter-changed", { charterId: charter.id });
  });
}

/** Reopens drafting; the frozen version stays on record (in the versions and the audit log). */
export async function charterReopener(services: Services, charter: CharterRow, userId: string, ip: string | null): Promise<void> {
  await services.db.transaction(async (trx) => {
    const at = now();
    const n = await trx("charters").where({ id: charter.id, state: "frozen" }).update({ state: "drafting", frozen_version_id: null, updated_at: at });
    if (n != 1) throw conflict("charter_state", "La charte n'est pas figée.");
    await cancelApprovalRound(trx, charter.id, at);
    await recordAudit(trx, { actorId: userId, charterId: charter.id, action: "charter.reopened", subjectType: "version", subjectId: charter.frozen_version_id ?? undefined, ip });
    await services.events.publish(trx, "charter-changed", { charterId: charter.id });
  });
}
