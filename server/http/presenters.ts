import type { CharterRow, InvitationRow, OrganisationRow, UserRow } from "../store/rows.js";
import type { MemberListRow } from "../store/memberships.js";
import type { Role } from "../shared/roles.js";
import { departementByCode } from "../shared/departements.js";
import { charterAbilities } from "../domain/policy.js";

// Presenters whitelist what the API returns: never a raw row (no password
// hashes, no token hashes).

export function presentUser(user: UserRow, organisation?: OrganisationRow | null) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    jobTitle: user.job_title,
    organisationId: user.organisation_id,
    organisation: organisation ? { id: organisation.id, name: organisation.name } : null,
    platformRole: user.platform_role,
  };
}

export function presentOrganisation(org: OrganisationRow) {
  return { id: org.id, name: org.name, kind: org.kind, departmentCode: org.department_code };
}

export function presentCharter(charter: CharterRow, role: Role, extra: { signatories?: OrganisationRow[] } = {}) {
  const departement = departementByCode(charter.department_code);
  return {
    id: charter.id,
    title: charter.title,
    state: charter.state,
    departement: { code: charter.department_code, name: departement?.name ?? charter.department_code },
    templateId: charter.template_id,
    frozenVersionId: charter.frozen_version_id,
    durationYears: charter.duration_years,
    effectiveDate: charter.effective_date,
    endDate: charter.end_date,
    publishedAt: charter.published_at ?? null,
    createdAt: charter.created_at,
    updatedAt: charter.updated_at,
    role,
    abilities: charterAbilities({ state: charter.state, role }),
    ...(extra.signatories ? { signatories: extra.signatories.map(presentOrganisation) } : {}),
  };
}

/** A member; emails only for those who manage members (pilots). */
export function presentMember(row: MemberListRow, withEmail: boolean) {
  return {
    userId: row.user_id,
    name: row.user_name,
    email: withEmail ? row.user_email : null,
    jobTitle: row.job_title,
    role: row.role,
    organisation: row.organisation_id ? { id: row.organisation_id, name: row.organisation_name } : null,
    since: row.created_at,
  };
}

export function presentInvitation(row: InvitationRow & { organisation_name?: string | null }, link?: string) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organisation: row.organisation_id ? { id: row.organisation_id, name: row.organisation_name ?? null } : null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    expired: row.expires_at <= new Date().toISOString(),
    ...(link ? { link } : {}),
  };
}
