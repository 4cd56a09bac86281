/** The roles a member can hold on a charter, from most to least powerful. */
export const ROLES = ["pilot", "editor", "signatory", "committee", "reader"] as const;

/** A member's role on one charter. */
export type Role = (typeof ROLES)[number];

/** French names of the roles, for the UI. */
export const ROLE_LABELS: Record<Role, string> = {
  pilot: "Pilote",
  editor: "Rédacteur",
  signatory: "Signataire",
  committee: "Comité de suivi",
  reader: "Lecteur",
};

/** What each role is for, in French, shown when inviting someone. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  pilot: "Crée la charte, invite les partenaires, ouvre l'approbation et la signature",
  editor: "Rédige le projet en temps réel, commente, propose",
  signatory: "Approuve la version figée ou demande des modifications, puis signe pour son organisation",
  committee: "Consigne à chaque période le respect des engagements et produit l'évaluation annuelle",
  reader: "Consulte la charte et peut commenter",
};

/** Whether `value` is a role. */
export function isRole(value: unknown): value is Role {
  return typeof value == "string" && (ROLES as readonly string[]).includes(value);
}

/** The life of a charter. */
/**
 * Roles on the platform, outside any charter: `admin` (everything, and the
 * platform roles of others), `creator` (may create charters and partner
 * organisations), `member` (only what their charter roles allow).
 */
export const PLATFORM_ROLES = ["admin", "creator", "member"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** An archived charter is read-only and listed apart; unarchiving brings it back to drafting, or to frozen if a version was frozen. */
export const CHARTER_STATES = ["drafting", "frozen", "signing", "signed", "archived"] as const;
export type CharterState = (typeof CHARTER_STATES)[number];

export const CHARTER_STATE_LABELS: Record<CharterState, string> = {
  drafting: "En rédaction",
  frozen: "Version figée",
  signing: "En signature",
  signed: "Signée",
  archived: "Archivée",
};
