import * as Y from "yjs";
import { diffArrays } from "diff";
import { readDocument, type ClauseRead, type CommitmentRead, type DocumentRead } from "./documentReader.js";
import { distinctAuthors, type Author, type Authorship } from "./authorship.js";
import { diffBlocks, type BlockChange } from "./blockDiff.js";
import { diffSections, matchSections, type SectionChange } from "./sectionDiff.js";
import { changedParts, compareText, deleted, inserted, partAuthors, type TextPart } from "./textDiff.js";

export type { TextPart } from "./textDiff.js";
export type { BlockChange } from "./blockDiff.js";
export type { SectionChange } from "./sectionDiff.js";

/** How one commitment changed. */
export interface CommitmentChange {
  id: string;
  change: "added" | "removed" | "changed";
  /** For `changed`: what changed. */
  reworded: boolean;
  reassigned: boolean;
  /** Its place among the clause's commitments and paragraphs changed. */
  moved: boolean;
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
  /** Its place among the clauses of its section changed, or it went to another section. */
  moved: boolean;
  /** Its heading, text, marks or layout changed. */
  modified: boolean;
  number: { from: number | null; to: number | null };
  section: { from: string | null; to: string | null };
  heading: TextPart[];
  /** Its paragraphs as one text, separated by line breaks. */
  body: TextPart[];
  /** The same paragraph by paragraph: those that changed, with their layout. */
  blocks: BlockChange[];
  commitments: CommitmentChange[];
  authors: Author[];
}

/** How the charter's title changed. */
export interface TitleChange {
  text: TextPart[];
  authors: Author[];
}

/**
 * The difference between two states of a charter, over the whole document:
 * title, preamble, sections (headings, introductions, added, removed,
 * moved) and clauses. It is empty exactly when `identical`, which says that
 * the two content hashes are equal.
 */
export interface CharterDiff {
  identical: boolean;
  hash: { from: string; to: string };
  title: TitleChange | null;
  /** The preamble's paragraphs that changed. */
  preamble: BlockChange[];
  sections: SectionChange[];
  clauses: ClauseChange[];
  summary: {
    added: number; removed: number; moved: number; modified: number; commitments: number;
    title: number; preamble: number; sections: number;
  };
}

/**
 * Compares two states of a charter. Clauses and commitments are matched by
 * their stable ids, sections by their Yjs element, heading or articles,
 * paragraphs by content; text is compared word by word, marks included; and
 * each change is credited, through the Yjs identity of the characters and
 * elements, to whoever wrote the inserted text or deleted the removed text.
 */
export function diffCharters(from: Y.Doc, to: Y.Doc, authorship: Authorship): CharterDiff {
  const before = readDocument(from), after = readDocument(to);
  return diffDocuments(before, after, authorship, { from: before.hash, to: after.hash });
}

/** The same, from documents already read (versions are immutable: their reading can be kept), with the hashes of both sides. */
export function diffDocuments(before: DocumentRead, after: DocumentRead, authorship: Authorship, hash: { from: string; to: string }): CharterDiff {
  const titleParts = before.titleCanonical == after.titleCanonical ? [] : compareText(before.title, after.title, authorship);
  const title = changedParts(titleParts) ? { text: titleParts, authors: distinctAuthors(partAuthors(titleParts)) } : null;
  const preamble = diffBlocks(before.preamble, after.preamble, authorship);
  const match = matchSections(before.sections, after.sections);
  const sections = diffSections(before.sections, after.sections, match, authorship);
  const clauses = diffClauseLists(before, after, match, authorship);
  return {
    identical: hash.from == hash.to, hash, title, preamble, sections, clauses,
    summary: {
      added: clauses.filter((c) => c.change == "added").length,
      removed: clauses.filter((c) => c.change == "removed").length,
      moved: clauses.filter((c) => c.moved).length,
      modified: clauses.filter((c) => c.change == "changed" && c.modified).length,
      commitments: clauses.reduce((n, c) => n + c.commitments.length, 0),
      title: title ? 1 : 0, preamble: preamble.length, sections: sections.length,
    },
  };
}

/** Whether a difference has no entry at all. */
export const isEmptyDiff = (d: CharterDiff) => !d.title && !d.preamble.length && !d.sections.length && !d.clauses.length;

function diffClauseLists(before: DocumentRead, after: DocumentRead, match: Map<number, number>, authorship: Authorship): ClauseChange[] {
  const beforeById = new Map(before.clauses.map((c) => [c.id, c]));
  const afterById = new Map(after.clauses.map((c) => [c.id, c]));

  // Moves: within a section, the common clauses off the longest common
  // subsequence; and those that went to another section (moving a whole
  // section moves none of its clauses).
  const moved = new Set<string>();
  for (const [i, k] of match) {
    const inNow = new Set(after.sections[i].clauses.map((c) => c.id));
    const inOld = new Set(before.sections[k].clauses.map((c) => c.id));
    const common = (list: ClauseRead[], other: Set<string>) => list.filter((c) => other.has(c.id)).map((c) => c.id);
    for (const part of diffArrays(common(before.sections[k].clauses, inNow), common(after.sections[i].clauses, inOld))) if (part.added) part.value.forEach((id) => moved.add(id));
  }
  for (const clause of after.clauses) {
    const old = beforeById.get(clause.id);
    if (old && match.get(clause.sectionIndex) !== old.sectionIndex) moved.add(clause.id);
  }

  const changes: ClauseChange[] = [];
  for (const clause of after.clauses) {
    const old = beforeById.get(clause.id);
    if (!old) {
      changes.push({
        clauseId: clause.id, change: "added", moved: false, modified: true,
        number: { from: null, to: clause.number }, section: { from: null, to: clause.section },
        heading: inserted(clause.heading, authorship), body: inserted(clause.body, authorship),
        blocks: diffBlocks([], clause.blocks, authorship),
        commitments: clause.commitments.map((c) => commitmentAdded(c, authorship)),
        authors: distinctAuthors([authorship.writer(clause.itemId)]),
      });
      continue;
    }
    const change = compareClause(old, clause, moved.has(clause.id), authorship);
    if (change) changes.push(change);
  }
  for (const clause of before.clauses) {
    if (afterById.has(clause.id)) continue;
    changes.push({
      clauseId: clause.id, change: "removed", moved: false, modified: true,
      number: { from: clause.number, to: null }, section: { from: clause.section, to: null },
      heading: deleted(clause.heading, authorship), body: deleted(clause.body, authorship),
      blocks: diffBlocks(clause.blocks, [], authorship),
      commitments: clause.commitments.map((c) => commitmentRemoved(c, authorship)),
      authors: distinctAuthors([authorship.deleter(clause.itemId)]),
    });
  }
  return changes;
}

function compareClause(old: ClauseRead, now: ClauseRead, moved: boolean, authorship: Authorship): ClauseChange | null {
  if (!moved && old.canonical == now.canonical) return null;
  // Text is compared where the hash sees a difference (it reads text in Unicode NFC): the same words typed otherwise are no change.
  const heading = compareText(old.heading, old.headingCanonical == now.headingCanonical ? old.heading : now.heading, authorship);
  const blocks = diffBlocks(old.blocks, now.blocks, authorship);
  const body = compareText(old.body, blocks.length ? now.body : old.body, authorship);
  const modified = changedParts(heading) || changedParts(body) || blocks.length > 0;
  const commitments = compareCommitments(old.commitments, now.commitments, blocks.length == 0, authorship);
  if (!moved && !modified && !commitments.length) return null;
  const authors = [
    ...(moved ? [authorship.writer(now.itemId)] : []),
    ...partAuthors(heading), ...partAuthors(body), ...blocks.flatMap((b) => b.authors),
    ...commitments.flatMap((c) => c.authors),
  ];
  return {
    clauseId: now.id, change: "changed", moved, modified,
    number: { from: old.number, to: now.number }, section: { from: old.section, to: now.section },
    heading, body, blocks, commitments, authors: distinctAuthors(authors),
  };
}

/**
 * Commitments matched by id. One is moved when it left the longest common
 * order of the commitments, or, the paragraphs being the same, when it sits
 * after another number of them.
 */
function compareCommitments(old: CommitmentRead[], now: CommitmentRead[], sameBlocks: boolean, authorship: Authorship): CommitmentChange[] {
  const oldById = new Map(old.map((c) => [c.id, c]));
  const nowIds = new Set(now.map((c) => c.id));
  const reordered = new Set<string>();
  for (const part of diffArrays(old.filter((c) => nowIds.has(c.id)).map((c) => c.id), now.filter((c) => oldById.has(c.id)).map((c) => c.id)))
    if (part.added) part.value.forEach((id) => reordered.add(id));
  const out: CommitmentChange[] = [];
  for (const c of now) {
    const before = oldById.get(c.id);
    if (!before) {
      out.push(commitmentAdded(c, authorship));
      continue;
    }
    const moved = reordered.has(c.id) || (sameBlocks && before.blocksBefore != c.blocksBefore);
    if (!moved && before.canonical == c.canonical) continue;
    const text = compareText(before.text, c.text, authorship);
    const reworded = changedParts(text);
    const reassigned = before.party != c.party;
    out.push({
      id: c.id, change: "changed", reworded, reassigned, moved,
      party: { from: before.party, to: c.party }, due: { from: before.due, to: c.due }, indicator: { from: before.indicator, to: c.indicator },
      text,
      // An attribute change is credited to whoever set the attribute's current value; a move, to whoever wrote the moved copy.
      authors: distinctAuthors([
        ...partAuthors(text),
        ...(["party", "due", "indicator"] as const).filter((k) => before[k] != c[k]).map((k) => authorship.writer(c.attrItemIds[k]) ?? authorship.writer(c.itemId)),
        ...(moved ? [authorship.writer(c.itemId)] : []),
      ]),
    });
  }
  for (const c of old) if (!nowIds.has(c.id)) out.push(commitmentRemoved(c, authorship));
  return out;
}

function commitmentAdded(c: CommitmentRead, authorship: Authorship): CommitmentChange {
  return {
    id: c.id, change: "added", reworded: false, reassigned: false, moved: false,
    party: { from: null, to: c.party }, due: { from: null, to: c.due }, indicator: { from: null, to: c.indicator },
    text: inserted(c.text, authorship), authors: distinctAuthors([authorship.writer(c.itemId)]),
  };
}

function commitmentRemoved(c: CommitmentRead, authorship: Authorship): CommitmentChange {
  return {
    id: c.id, change: "removed", reworded: false, reassigned: false, moved: false,
    party: { from: c.party, to: null }, due: { from: c.due, to: null }, indicator: { from: c.indicator, to: null },
    text: deleted(c.text, authorship), authors: distinctAuthors([authorship.deleter(c.itemId)]),
  };
}
