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
  platformRole: "admin" | "creator" | "member";
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
  | "charter:read" | "charter:update" | "charter:archive" | "charter:unarchive" | "charter:delete" | "document:read" | "document:edit" | "draft:open" | "comment:write" | "comment:resolve"
  | "members:read" | "members:manage" | "invitations:manage" | "versions:create" | "versions:restore"
  | "charter:freeze" | "charter:reopen" | "charter:approve" | "signing:open" | "charter:sign" | "signatures:read" | "compliance:read"
  | "compliance:declare" | "compliance:review" | "compliance:manage" | "indicators:record" | "charter:publish" | "audit:read";

/** A charter, with the caller's role on it. */
export interface Charter {
  id: string;
  title: string;
  state: CharterState;
  departement: { code: string; name: string };
  templateId: string;
  /** The version put to approval while the charter is frozen (and after, for signing). */
  frozenVersionId: string | null;
  /** Six years at most; once signed, its first and last days (YYYY-MM-DD). */
  durationYears: number;
  effectiveDate: string | null;
  endDate: string | null;
  /** Once a pilot published the signed charter's public page (`/chartes-publiques/:id`), when. */
  publishedAt?: string | null;
  /** On the list: what the charter waits for from a signatory (their organisation's approval, or signature). */
  awaiting?: "approve" | "sign" | null;
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
  /** How many years a charter made from it lasts, if the template says. */
  durationYears: number | null;
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

/** A saved state of the charter's text: named by someone, or an automatic checkpoint of the server. */
export interface VersionSummary {
  id: string;
  /** A named version's own number (V1, V2…); null for an automatic checkpoint. */
  number: number | null;
  /** The order of every version and checkpoint taken. */
  sequence: number;
  label: string;
  kind: "named" | "auto";
  /** Why the server took a checkpoint: the last editor left, or a restore replaced the draft. */
  checkpointReason: "leave" | "restore" | null;
  hash: string;
  createdAt: string;
  /** Null for automatic checkpoints. */
  author: { id: string; name: string } | null;
}

/** `GET /api/charters/:id/versions`: newest first. */
export interface VersionList {
  versions: VersionSummary[];
  frozenVersionId: string | null;
}

/** `GET /api/charters/:id/versions/:versionId`: a version with its document (ProseMirror JSON). */
export interface Version extends VersionSummary {
  document: unknown;
}

/** Someone credited with a change or who wrote a comment. */
export interface Author {
  id: string;
  name: string;
  organisation: string | null;
}

/** A run of text in a difference (`format`: the same words with other marks). */
export interface DiffPart {
  type: "equal" | "insert" | "delete" | "format";
  value: string;
  authors?: Author[];
  marks?: Change<DiffMark[]>;
}

/** A value on both sides of a difference. */
export interface Change<T> {
  from: T;
  to: T;
}

/** A mark in a difference. */
export interface DiffMark {
  type: string;
  href?: string;
  title?: string;
}

/** How a paragraph is laid out. */
export interface BlockKind {
  type: "paragraph" | "bullet" | "ordered";
  level: number;
  start: number | null;
  newItem: boolean;
  newList: boolean;
}

/** How one paragraph (alone or in a list) changed. */
export interface BlockDiff {
  change: "added" | "removed" | "changed";
  index: Change<number | null>;
  kind: Change<BlockKind | null>;
  reshaped: boolean;
  text: DiffPart[];
  authors: Author[];
}

/** How one section (« Titre ») changed, apart from its articles. */
export interface SectionDiff {
  change: "added" | "removed" | "changed";
  moved: boolean;
  renamed: boolean;
  number: Change<number | null>;
  heading: DiffPart[];
  introduction: BlockDiff[];
  clauses: Change<number | null>;
  authors: Author[];
}

/** How one commitment changed. */
export interface CommitmentDiff {
  id: string;
  change: "added" | "removed" | "changed";
  reworded: boolean;
  reassigned: boolean;
  /** Its place in the article changed. */
  moved: boolean;
  /** Organisation ids. */
  party: Change<string | null>;
  due: Change<string | null>;
  indicator: Change<string | null>;
  text: DiffPart[];
  authors: Author[];
}

/** How one clause changed. */
export interface ClauseDiff {
  clauseId: string;
  change: "added" | "removed" | "changed";
  moved: boolean;
  modified: boolean;
  number: Change<number | null>;
  /** Section headings. */
  section: Change<string | null>;
  heading: DiffPart[];
  /** Paragraphs and lists, blocks separated by line breaks. */
  body: DiffPart[];
  /** The same, paragraph by paragraph: those that changed. */
  blocks: BlockDiff[];
  commitments: CommitmentDiff[];
  authors: Author[];
}

/** One side of a difference: a version, or the live draft (`id` "draft", no number). */
export interface DiffSide {
  id: string;
  number: number | null;
  /** Null for the draft. */
  kind: "named" | "auto" | null;
  label: string;
  createdAt: string | null;
}

/** `GET /api/charters/:id/diff`. */
export interface CharterDiff {
  from: DiffSide;
  to: DiffSide;
  /** The two content hashes are equal: then every list below is empty. */
  identical: boolean;
  hash: Change<string>;
  summary: { added: number; removed: number; moved: number; modified: number; commitments: number; title: number; preamble: number; sections: number };
  title: { text: DiffPart[]; authors: Author[] } | null;
  preamble: BlockDiff[];
  sections: SectionDiff[];
  clauses: ClauseDiff[];
}

/** A comment on a clause or on a passage, or a reply in its thread. */
export interface Comment {
  id: string;
  /** The clause commented, or the one the passage starts in; null for a passage outside articles. */
  clauseId: string | null;
  parentId: string | null;
  body: string;
  createdAt: string;
  author: Author;
  resolved: boolean;
  resolvedAt: string | null;
  /** The passage commented (Yjs relative positions), for a thread on a passage rather than a whole clause. */
  anchor: { from: string; to: string } | null;
  /** The passage's text when it was commented. */
  quote: string | null;
  /** Whether the user may resolve or reopen it (threads: their own, or any for pilots and editors). */
  canResolve: boolean;
}

/** A discussion on a clause: its first comment and the replies, oldest first. */
export interface Thread extends Comment {
  replies: Comment[];
}
