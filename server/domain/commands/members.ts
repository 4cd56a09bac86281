import type { Services } from "../../services.js";
import type { Role } from "../../shared/roles.js";
import { countPilots, deleteMembership, updateMembershipRole } from "../../store/memberships.js";
import { recordAudit } from "../../store/audit.js";
import { now, type MembershipRow, type UserRow } from "../../store/rows.js";
import { conflict } from "../../http/errors.js";

/** Changes a member's role; a charter always keeps at least one pilot. */
export async function memberRoleChanger(services: Services, pilot: UserRow, member: MembershipRow, role: Role, ip: string | null): Promise<void> {
  if (member.role == role) return;
  await services.db.transaction(async (trx) => {
    if (member.role == "pilot" && (await countPilots(trx, member.charter_id)) <= 1)
      throw conflict("last_pilot", "La charte doit garder au moins un pilote.");
    await updateMembershipRole(trx, member.id, role, now());
    await recordAudit(trx, {
      actorId: pilot.id, charterId: member.charter_id, action: "member.role_changed", subjectType: "user", subjectId: member.user_id, ip,
      details: { from: member.role, to: role },
    });
    await services.events.publish(trx, "membership-changed", { charterId: member.charter_id, userId: member.user_id });
  });
}

/** Removes a member from a charter; a charter always keeps at least one pilot. */
export async function memberRemover(services: Services, pilot: UserRow, member: MembershipRow, ip: string | null): Promise<void> {
  await services.db.transaction(async (trx) => {
    if (member.role == "pilot" && (await countPilots(trx, member.charter_id)) <= 1)
      throw conflict("last_pilot", "La charte doit garder au moins un pilote.");
    await deleteMembership(trx, member.id);
    await recordAudit(trx, {
      actorId: pilot.id, charterId: member.charter_id, action: "member.removed", subjectType: "user", subjectId: member.user_id, ip,
      details: { role: member.role },
    });
    await services.events.publish(trx, "membership-changed", { charterId: member.charter_id, userId: member.user_id });
  });
}
