import { diffArrays } from "diff";
import type * as Y from "yjs";
import type { SectionRead } from "./documentReader.js";
import { distinctAuthors, type Author, type Authorship } from "./authorship.js";
import { diffBlocks, type BlockChange } from "./blockDiff.js";
import { compareText, deleted, inserted, partAuthors, type TextPart } from "./textDiff.js";

/** How one section (« Titre ») changed, apart from its clauses (which have their own changes). */
export interface SectionChange {
  change: "added" | "removed" | "changed";
  /** Its place among the sections present on both sides changed. */
  moved: boolean;
  /** Its heading changed. */
  renamed: boolean;
  number: { from: number | null; to: number | null };
  heading: TextPart[];
  /** The paragraphs between its heading and its first article that changed (all of them, for a section added or removed). */
  introduction: BlockChange[];
  /** How many articles it holds on each side. */
  clauses: { from: number | null; to: number | null };
  authors: Author[];
}

const idKey = (id: Y.ID | null) => (id ? `${id.client}:${id.clock}` : null);

/**
 * Which section of `before` each section of `after` is (index → index).
 * Sections have no stable id: the same Yjs element first, then the same
 * heading, then the section with which it shares most articles.
 */
export function matchSections(before: SectionRead[], after: SectionRead[]): Map<number, number> {
  const match = new Map<number, number>();
  const taken = new Set<number>();
  const pass = (pick: (s: SectionRead, free: number[]) => number | undefined) => {
    after.forEach((s, i) => {
      if (match.has(i)) return;
      const k = pick(s, before.map((_, k) => k).filter((k) => !taken.has(k)));
      if (k === undefined) return;
      match.set(i, k);
      taken.add(k);
    });
  };
  pass((s, free) => free.find((k) => idKey(s.itemId) && idKey(before[k].itemId) == idKey(s.itemId)));
  pass((s, free) => free.find((k) => before[k].heading.text == s.heading.text));
  pass((s, free) => {
    const ids = new Set(s.clauses.map((c) => c.id));
    let best: number | undefined, most = 0;
    for (const k of free) {
      const shared = before[k].clauses.filter((c) => ids.has(c.id)).length;
      if (shared > most) [best, most] = [k, shared];
    }
    return best;
  });
  return match;
}

/** The changes of the sections themselves: added, removed, moved, renamed, introduction rewritten. */
export function diffSections(before: SectionRead[], after: SectionRead[], match: Map<number, number>, authorship: Authorship): SectionChange[] {
  const matched = [...match.entries()].sort((a, b) => a[0] - b[0]);
  const moved = new Set<number>();
  for (const part of diffArrays(matched.map(([, k]) => k).sort((a, b) => a - b), matched.map(([, k]) => k))) if (part.added) part.value.forEach((k) => moved.add(k));
  const out: SectionChange[] = [];
  after.forEach((now, i) => {
    const k = match.get(i);
    if (k === undefined) {
      const heading = inserted(now.heading, authorship);
      out.push({
        change: "added", moved: false, renamed: false, number: { from: null, to: now.number }, heading,
        introduction: diffBlocks([], now.introduction, authorship), clauses: { from: null, to: now.clauses.length },
        authors: distinctAuthors([authorship.writer(now.itemId), ...partAuthors(heading)]),
      });
      return;
    }
    const old = before[k];
    // Compared as the hash compares them (in Unicode NFC): the same heading typed with combining accents is no change.
    const renamed = old.headingCanonical != now.headingCanonical;
    const heading = renamed ? compareText(old.heading, now.heading, authorship) : compareText(old.heading, old.heading, authorship);
    const introduction = diffBlocks(old.introduction, now.introduction, authorship);
    const isMoved = moved.has(k);
    if (!renamed && !introduction.length && !isMoved) return;
    // y-prosemirror moves a section by removing it and inserting a copy: the copy's writer moved it.
    const mover = isMoved && idKey(old.itemId) != idKey(now.itemId) ? [authorship.writer(now.itemId)] : [];
    out.push({
      change: "changed", moved: isMoved, renamed, number: { from: old.number, to: now.number }, heading, introduction,
      clauses: { from: old.clauses.length, to: now.clauses.length },
      authors: distinctAuthors([...mover, ...partAuthors(heading), ...introduction.flatMap((b) => b.authors)]),
    });
  });
  const kept = new Set(match.values());
  before.forEach((old, k) => {
    if (kept.has(k)) return;
    const heading = deleted(old.heading, authorship);
    out.push({
      change: "removed", moved: false, renamed: false, number: { from: old.number, to: null }, heading,
      introduction: diffBlocks(old.introduction, [], authorship), clauses: { from: old.clauses.length, to: null },
      authors: distinctAuthors([authorship.deleter(old.itemId), ...partAuthors(heading)]),
    });
  });
  return out;
}
