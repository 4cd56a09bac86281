import type * as Y from "yjs";
import { diffArrays, diffWordsWithSpace } from "diff";
import { idsIn, readClauses, type ClauseRead, type CommitmentRead, type IdentifiedText } from "./clauseReader.js";
import { distinctAuthors, type Author, type Authorship } from "./authorship.js";

/** A run of text in a difference: unchanged, inserted or deleted, with who did it. */
export interface TextPart {
  type: "equal" | "insert" | "delete";
  value: string;
  authors?: Author[];
}

/** How one commitment changed. */
export interface CommitmentChange {
  id: string;
  change: "added" | "removed" | "changed";
  /** For `changed`: what changed. */
  reworded: boolean;
  reassigned: boolean;
  party: { from: string | null; to: string | null };
  due: { from: string | null; to: string | null };
  indicator: { from: string | null; to: string | null };
  text: TextPart[];
  authors: Author[];
}

/** How one clause changed. */
export interface ClauseChange {
  clauseId: string;
  change: "added" | "removed" | "changed";
  /** Its place among the clauses present on both sides changed. */
  moved: boolean;
  /** Its heading or text changed. */
  modified: boolean;
  number: { from: number | null; to: number | null };
  section: { from: string | null; to: string | null };
  heading: TextPart[];
  body: TextPart[];
  commitments: CommitmentChange[];
  authors: Author[];
}

/** The difference between two states of a charter, clause by clause. */
export interface CharterDiff {
  clauses: ClauseChange[];
  summary: { added: number; removed: number; moved: number; modified: number; commitments: number };
}

/**
 * Compares two states of a charter clause by clause. Clauses and commitments
 * are matched by their stable ids; text is compared word by word; and each
 * change is credited, through the Yjs identity of the characters, to whoever
 * wrote the inserted text or deleted the removed text.
 */
export function diffCharters(from: Y.Doc, to: Y.Doc, authorship: Authorship): CharterDiff {
  return diffClauses(readClauses(from), readClauses(to), authorship);
}

/** The same, from clauses already read (versions are immutable: their reading can be kept). */
export function diffClauses(before: ClauseRead[], after: ClauseRead[], authorship: Authorship): CharterDiff {
  const beforeById = new Map(before.map((c) => [c.id, c]));
  const afterById = new Map(after.map((c) => [c.id, c]));

  // Moves: the common clauses that are not on the longest common subsequence.
  const common = (list: ClauseRead[], other: Map<string, ClauseRead>) => list.filter((c) => other.has(c.id)).map((c) => c.id);
  const moved = new Set<string>();
  for (const part of diffArrays(common(before, afterById), common(after, beforeById))) if (part.added) part.value.forEach((id) => moved.add(id));

  const changes: ClauseChange[] = [];
  for (const clause of after) {
    const old = beforeById.get(clause.id);
    if (!old) {
      changes.push({
        clauseId: clause.id, change: "added", moved: false, modified: true,
        number: { from: null, to: clause.number }, section: { from: null, to: clause.section },
        heading: inserted(clause.heading, authorship), body: inserted(clause.body, authorship),
        commitments: clause.commitments.map((c) => commitmentAdded(c, authorship)),
        authors: distinctAuthors([authorship.writer(clause.itemId)]),
      });
      continue;
    }
    const change = compareClause(old, clause, moved.has(clause.id), authorship);
    if (change) changes.push(change);
  }
  for (const clause of before) {
    if (afterById.has(clause.id)) continue;
    const deleter = authorship.deleter(clause.itemId);
    changes.push({
      clauseId: clause.id, change: "removed", moved: false, modified: true,
      number: { from: clause.number, to: null }, section: { from: clause.section, to: null },
      heading: deleted(clause.heading, authorship), body: deleted(clause.body, authorship),
      commitments: clause.commitments.map((c) => commitmentRemoved(c, authorship)),
      authors: distinctAuthors([deleter]),
    });
  }
  return {
    clauses: changes,
    summary: {
      added: changes.filter((c) => c.change == "added").length,
      removed: changes.filter((c) => c.change == "removed").length,
      moved: changes.filter((c) => c.moved).length,
      modified: changes.filter((c) => c.change == "changed" && c.modified).length,
      commitments: changes.reduce((n, c) => n + c.commitments.length, 0),
    },
  };
}

function compareClause(old: ClauseRead, now: ClauseRead, moved: boolean, authorship: Authorship): ClauseChange | null {
  const heading = compareText(old.heading, now.heading, authorship);
  const body = compareText(old.body, now.body, authorship);
  const modified = changedParts(heading) || changedParts(body);
  const commitments = compareCommitments(old.commitments, now.commitments, authorship);
  if (!moved && !modified && !commitments.length) return null;
  const authors = [
    ...(moved ? [authorship.writer(now.itemId)] : []),
    ...[...heading, ...body].flatMap((p) => p.authors ?? []),
    ...commitments.flatMap((c) => c.authors),
  ];
  return {
    clauseId: now.id, change: "changed", moved, modified,
    number: { from: old.number, to: now.number }, section: { from: old.section, to: now.section },
    heading, body, commitments, authors: distinctAuthors(authors),
  };
}

function compareCommitments(old: CommitmentRead[], now: CommitmentRead[], authorship: Authorship): CommitmentChange[] {
  const oldById = new Map(old.map((c) => [c.id, c]));
  const nowIds = new Set(now.map((c) => c.id));
  const out: CommitmentChange[] = [];
  for (const c of now) {
    const before = oldById.get(c.id);
    if (!before) {
      out.push(commitmentAdded(c, authorship));
      continue;
    }
    const text = compareText(before.text, c.text, authorship);
    const reworded = changedParts(text);
    const reassigned = before.party != c.party;
    if (!reworded && !reassigned && before.due == c.due && before.indicator == c.indicator) continue;
    out.push({
      id: c.id, change: "changed", reworded, reassigned,
      party: { from: before.party, to: c.party }, due: { from: before.due, to: c.due }, indicator: { from: before.indicator, to: c.indicator },
      text,
      // An attribute change is credited to whoever set the attribute's current value.
      authors: distinctAuthors([
        ...text.flatMap((p) => p.authors ?? []),
        ...(["party", "due", "indicator"] as const).filter((k) => before[k] != c[k]).map((k) => authorship.writer(c.attrItemIds[k]) ?? authorship.writer(c.itemId)),
      ]),
    });
  }
  for (const c of old) if (!nowIds.has(c.id)) out.push(commitmentRemoved(c, authorship));
  return out;
}

function commitmentAdded(c: CommitmentRead, authorship: Authorship): CommitmentChange {
  return {
    id: c.id, change: "added", reworded: false, reassigned: false,
    party: { from: null, to: c.party }, due: { from: null, to: c.due }, indicator: { from: null, to: c.indicator },
    text: inserted(c.text, authorship), authors: distinctAuthors([authorship.writer(c.itemId)]),
  };
}

function commitmentRemoved(c: CommitmentRead, authorship: Authorship): CommitmentChange {
  return {
    id: c.id, change: "removed", reworded: false, reassigned: false,
    party: { from: c.party, to: null }, due: { from: c.due, to: null }, indicator: { from: c.indicator, to: null },
    text: deleted(c.text, authorship), authors: distinctAuthors([authorship.deleter(c.itemId)]),
  };
}

/** Word-level difference of two texts, each inserted or deleted run credited to its authors. */
function compareText(old: IdentifiedText, now: IdentifiedText, authorship: Authorship): TextPart[] {
  if (old.text == now.text) return old.text ? [{ type: "equal", value: old.text }] : [];
  const parts: TextPart[] = [];
  let i = 0, j = 0;
  for (const part of diffWordsWithSpace(old.text, now.text)) {
    const n = part.value.length;
    if (part.added) {
      parts.push({ type: "insert", value: part.value, authors: authorsOf(now, j, j + n, authorship, "writer") });
      j += n;
    } else if (part.removed) {
      parts.push({ type: "delete", value: part.value, authors: authorsOf(old, i, i + n, authorship, "deleter") });
      i += n;
    } else {
      parts.push({ type: "equal", value: part.value });
      i += n;
      j += n;
    }
  }
  return parts;
}

const inserted = (t: IdentifiedText, authorship: Authorship): TextPart[] =>
  t.text ? [{ type: "insert", value: t.text, authors: authorsOf(t, 0, t.text.length, authorship, "writer") }] : [];
const deleted = (t: IdentifiedText, authorship: Authorship): TextPart[] =>
  t.text ? [{ type: "delete", value: t.text, authors: authorsOf(t, 0, t.text.length, authorship, "deleter") }] : [];

const changedParts = (parts: TextPart[]) => parts.some((p) => p.type != "equal");

/** The authors of a range of characters: one look-up per run of characters written in one go. */
function authorsOf(text: IdentifiedText, start: number, end: number, authorship: Authorship, role: "writer" | "deleter"): Author[] {
  return distinctAuthors(idsIn(text, start, end).map((id) => (role == "writer" ? authorship.writer(id) : authorship.deleter(id))));
}
