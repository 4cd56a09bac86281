import type { CharterState, Role } from "../../server/shared/roles.js";
import type { PartnerKind } from "../../server/shared/partners.js";

/*
 * The shapes the REST API answers with, as the client reads them (see
 * server/http/presenters.ts).
 */

/** The signed-in user. */
export interface User {
  id: string;
  email: string;
  name: string;
  jobTitle: string | null;
  organisationId: string | null;
  platformRole: "admin" | "member";
}

/** `GET /api/auth/me`. */
export interface Me {
  user: User;
  abilities: Record<"charter:create" | "organisations:create", boolean>;
}

/** A partner organisation. */
export interface Organisation {
  id: string;
  name: string;
  kind: PartnerKind;
  departmentCode: string;
}

/** Charter actions the server says the user may do (see server/domain/policy.ts). */
export type CharterAbility =
  | "charter:read" | "charter:update" | "document:read" | "document:edit" | "comment:write"
  | "members:read" | "members:manage" | "invitations:manage" | "versions:create" | "charter:freeze"
  | "charter:approve" | "charter:sign" | "compliance:read" | "compliance:record" | "audit:read";

/** A charter, with the caller's role on it. */
export interface Charter {
  id: string;
  title: string;
  state: CharterState;
  departement: { code: string; name: string };
  templateId: string;
  createdAt: string;
  updatedAt: string;
  role: Role;
  abilities: Partial<Record<CharterAbility, boolean>>;
  /** Present on single-charter answers. */
  signatories?: Organisation[];
}

/** A template a charter can be made from. */
export interface Template {
  id: string;
  name: string;
  description: string;
  /** Contains the literal `{département}` placeholder. */
  defaultTitle: string;
  sections: number;
  clauses: number;
  commitments: number;
  partnerKinds: PartnerKind[];
}

/** `GET /api/reference`. */
export interface Reference {
  departements: { code: string; name: string }[];
  partnerKinds: { id: PartnerKind; label: string }[];
}

/** A member of a charter. */
export interface Member {
  userId: string;
  name: string;
  /** Shown to pilots only; null for other roles. */
  email: string | null;
  jobTitle: string | null;
  role: Role;
  organisation: { id: string; name: string } | null;
  since: string;
}

/** A pending invitation; `link` only in the answer that created it. */
export interface Invitation {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  organisation: { id: string; name: string | null } | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  link?: string;
}

/** `GET /api/invitations/:token`. */
export interface InvitationPreview extends Omit<Invitation, "link"> {
  charter: { id: string; title: string };
  hasAccount: boolean;
}

/** What login and accepting an invitation answer. */
export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

/** One line of a charter's audit log. */
export interface AuditEvent {
  id: number;
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown> | null;
}
