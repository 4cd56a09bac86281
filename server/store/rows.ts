import type { CharterState, PlatformRole, Role } from "../shared/roles.js";

/** Database rows, as the store functions read and write them. */

export interface OrganisationRow {
  id: string;
  name: string;
  kind: string;
  department_code: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  job_title: string | null;
  password_hash: string;
  organisation_id: string | null;
  platform_role: PlatformRole;
  created_at: string;
}

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface CharterRow {
  id: string;
  title: string;
  department_code: string;
  template_id: string | null;
  state: CharterState;
  /** The version put to approval, while frozen (and after, for signing). */
  frozen_version_id: string | null;
  /** Six years at most (décret 2016-393). */
  duration_years: number;
  /** Once signed: the date of the last signature, and that date plus the duration (YYYY-MM-DD). */
  effective_date: string | null;
  end_date: string | null;
  /** Set while a pilot has published the signed charter's public page. */
  published_at?: string | null;
  published_by?: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipRow {
  id: string;
  charter_id: string;
  user_id: string;
  role: Role;
  organisation_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface InvitationRow {
  id: string;
  charter_id: string;
  email: string;
  name: string | null;
  role: Role;
  organisation_id: string | null;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_id: string | null;
  charter_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: string | null;
  ip: string | null;
  /** Place in its chain (from 1), hash of the entry before, own hash: see `auditChain.ts`. */
  seq: number;
  prev_hash: string;
  hash: string;
}

/** The current time as stored: an ISO 8601 string in UTC. */
export const now = (): string => new Date().toISOString();
