import type { CharterState, PlatformRole, Role } from "../shared/roles.js";

/**
 * The one place that answers "can this user do this?". Every REST route and
 * the collaboration server ask it; the client only receives its answers
 * (see `charterAbilities`) and never re-derives them.
 */

/** Things a member may do to one charter. */
export type CharterAction =
  | "charter:read"
  | "charter:update"
  | "charter:archive"
  | "charter:unarchive"
  | "charter:delete"
  | "document:read"
  | "document:edit"
  | "draft:open"
  | "comment:write"
  | "comment:resolve"
  | "members:read"
  | "members:manage"
  | "invitations:manage"
  | "versions:create"
  | "versions:restore"
  | "charter:freeze"
  | "charter:reopen"
  | "charter:approve"
  | "signing:open"
  | "signatures:read"
  | "charter:sign"
  | "compliance:read"
  | "compliance:declare"
  | "compliance:review"
  | "compliance:manage"
  | "indicators:record"
  | "charter:publish"
  | "audit:read";

/** Things a user may do outside any one charter. */
export type PlatformAction = "charter:create" | "organisations:create" | "platform-roles:manage";

/** Who is asking. */
export interface Actor {
  id: string;
  platformRole: PlatformRole;
}

/** The charter asked about, with the actor's membership of it (if any). */
export interface CharterContext {
  state: CharterState;
  role: Role | null;
}

const ALL: Role[] = ["pilot", "editor", "signatory", "committee", "reader"];
/** Every state but archived: an archived charter is read-only. */
const LIVE: CharterState[] = ["drafting", "frozen", "signing", "signed"];
/** A charter that was never signed (there are no signatures before `signing`), which may still be deleted. */
export const NEVER_SIGNED: CharterState[] = ["drafting", "frozen", "archived"];

const RULES: Record<CharterAction, { roles: Role[]; states?: CharterState[] }> = {
  "charter:read": { roles: ALL },
  "charter:update": { roles: ["pilot"], states: ["drafting"] },
  "charter:archive": { roles: ["pilot"], states: ["drafting", "frozen"] },
  "charter:unarchive": { roles: ["pilot"], states: ["archived"] },
  "charter:delete": { roles: ["pilot"], states: NEVER_SIGNED },
  "document:read": { roles: ALL },
  "document:edit": { roles: ["pilot", "editor"], states: ["drafting"] },
  // While a version is frozen the page shows it; those who write the draft may still open the draft on purpose.
  "draft:open": { roles: ["pilot", "editor"] },
  "comment:write": { roles: ALL, states: LIVE },
  // Resolving any thread; whoever started a thread may resolve it too (`canResolveThread`).
  "comment:resolve": { roles: ["pilot", "editor"], states: LIVE },
  "members:read": { roles: ALL },
  "members:manage": { roles: ["pilot"] },
  "invitations:manage": { roles: ["pilot"], states: LIVE },
  "versions:create": { roles: ["pilot", "editor"], states: ["drafting"] },
  "versions:restore": { roles: ["pilot"], states: ["drafting"] },
  "charter:freeze": { roles: ["pilot"], states: ["drafting"] },
  "charter:reopen": { roles: ["pilot"], states: ["frozen"] },
  "charter:approve": { roles: ["signatory"], states: ["frozen"] },
  "signing:open": { roles: ["pilot"], states: ["frozen"] },
  "charter:sign": { roles: ["signatory"], states: ["signing"] },
  "signatures:read": { roles: ALL },
  "compliance:read": { roles: ALL },
  // Members of a partner organisation declare for its commitments; which commitments are theirs the follow-up commands check.
  "compliance:declare": { roles: ["signatory", "editor"], states: ["signed"] },
  // The committee's secretariat and the pilots appraise declarations (while a campaign is in review: the commands check).
  "compliance:review": { roles: ["committee", "pilot"], states: ["signed"] },
  // Opening, reviewing and closing campaigns; defining indicators.
  "compliance:manage": { roles: ["pilot"], states: ["signed"] },
  "indicators:record": { roles: ["pilot", "committee"], states: ["signed"] },
  // Publishing the signed charter's public page (its text, signatories and last closed campaign's synthesis), or withdrawing it.
  "charter:publish": { roles: ["pilot"], states: ["signed"] },
  "audit:read": { roles: ["pilot"] },
};

/** Every charter action, for the abilities list and the permission tests. */
export const CHARTER_ACTIONS = Object.keys(RULES) as CharterAction[];

/** Whether the actor may do `action` to the charter. */
export function can(charter: CharterContext, action: CharterAction): boolean {
  const rule = RULES[action];
  if (!charter.role || !rule.roles.includes(charter.role)) return false;
  return !rule.states || rule.states.includes(charter.state);
}

/**
 * Whether the actor may resolve or reopen a discussion: pilots and editors
 * any, every other member the ones they started. A reader cannot close
 * someone else's question before those who write the text have seen it.
 */
export function canResolveThread(charter: CharterContext, actorId: string, threadAuthorId: string): boolean {
  return can(charter, "comment:resolve") || (actorId == threadAuthorId && can(charter, "comment:write"));
}

/** Whether a role may do `action` at all, whatever the charter's state (to tell 403 from 409). */
export function roleAllows(role: Role | null, action: CharterAction): boolean {
  return role != null && RULES[action].roles.includes(role);
}

/** Whether the actor may do a platform-wide action. */
export function canOnPlatform(actor: Actor, action: PlatformAction): boolean {
  switch (action) {
    case "charter:create":
    case "organisations:create":
      // Being pilot of a charter is not enough: a pilot is invited by another, and may not multiply charters.
      return actor.platformRole == "admin" || actor.platformRole == "creator";
    case "platform-roles:manage":
      return actor.platformRole == "admin";
  }
}

/** The answers for every charter action, sent to the client. */
export function charterAbilities(charter: CharterContext): Record<CharterAction, boolean> {
  return Object.fromEntries(CHARTER_ACTIONS.map((a) => [a, can(charter, a)])) as Record<CharterAction, boolean>;
}
