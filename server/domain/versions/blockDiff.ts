import type * as Y from "yjs";
import { diffArrays } from "diff";
import type { BlockKind, BlockRead } from "./documentReader.js";
import { distinctAuthors, type Author, type Authorship } from "./authorship.js";
import { changedParts, compareText, deleted, inserted, partAuthors, type TextPart } from "./textDiff.js";

/** How one paragraph (alone or in a list) changed. */
export interface BlockChange {
  change: "added" | "removed" | "changed";
  /** 1-based place among the paragraphs of its container, on each side. */
  index: { from: number | null; to: number | null };
  kind: { from: BlockKind | null; to: BlockKind | null };
  /** Its layout changed: paragraph or list item, list level, numbering, or where a list or item begins. */
  reshaped: boolean;
  text: TextPart[];
  authors: Author[];
}

const keyOf = (b: BlockRead) => `${b.shape}\u0000${b.canonical}`;

/**
 * Compares two sequences of paragraphs (a preamble, a section introduction,
 * a clause's text). Identical paragraphs are aligned first (longest common
 * subsequence); between them, paragraphs with the same words are paired (their
 * layout or marks changed), then the rest in order (reworded), and what is
 * left over was added or removed. Only changes are returned, in order.
 */
export function diffBlocks(before: BlockRead[], after: BlockRead[], authorship: Authorship): BlockChange[] {
  const out: BlockChange[] = [];
  let i = 0, j = 0;
  let removed: number[] = [], added: number[] = [];
  const flushGap = () => {
    out.push(...diffGap(before, after, removed, added, authorship));
    removed = [];
    added = [];
  };
  for (const part of diffArrays(before.map(keyOf), after.map(keyOf))) {
    const n = part.value.length;
    if (part.removed) for (let k = 0; k < n; k++) removed.push(i++);
    else if (part.added) for (let k = 0; k < n; k++) added.push(j++);
    else {
      flushGap();
      i += n;
      j += n;
    }
  }
  flushGap();
  return out;
}

/** Pairs the paragraphs of a gap between identical ones: same words first, then in order. */
function diffGap(before: BlockRead[], after: BlockRead[], removed: number[], added: number[], authorship: Authorship): BlockChange[] {
  if (!removed.length && !added.length) return [];
  const pairs: [number | null, number | null][] = [];
  let r = 0, a = 0;
  let loneRemoved: number[] = [], loneAdded: number[] = [];
  const pairInOrder = () => {
    const n = Math.max(loneRemoved.length, loneAdded.length);
    for (let k = 0; k < n; k++) pairs.push([loneRemoved[k] ?? null, loneAdded[k] ?? null]);
    loneRemoved = [];
    loneAdded = [];
  };
  for (const part of diffArrays(removed.map((k) => before[k].text.text), added.map((k) => after[k].text.text))) {
    const n = part.value.length;
    if (part.removed) for (let k = 0; k < n; k++) loneRemoved.push(removed[r++]);
    else if (part.added) for (let k = 0; k < n; k++) loneAdded.push(added[a++]);
    else {
      pairInOrder();
      for (let k = 0; k < n; k++) pairs.push([removed[r++], added[a++]]);
    }
  }
  pairInOrder();
  return pairs.map(([x, y]) => compareBlock(x == null ? null : before[x], y == null ? null : after[y], x, y, authorship));
}

function compareBlock(old: BlockRead | null, now: BlockRead | null, x: number | null, y: number | null, authorship: Authorship): BlockChange {
  const index = { from: x == null ? null : x + 1, to: y == null ? null : y + 1 };
  const kind = { from: old?.kind ?? null, to: now?.kind ?? null };
  if (!old) {
    const text = inserted(now!.text, authorship);
    return { change: "added", index, kind, reshaped: false, text, authors: distinctAuthors([authorship.writer(now!.itemId), ...partAuthors(text)]) };
  }
  if (!now) {
    const text = deleted(old.text, authorship);
    return { change: "removed", index, kind, reshaped: false, text, authors: distinctAuthors([authorship.deleter(old.itemId), ...partAuthors(text)]) };
  }
  const text = compareText(old.text, now.text, authorship);
  const reshaped = old.shape != now.shape;
  // A new layout is the work of whoever created the lists and items it now has, removed those it had, or rewrote the paragraph.
  const key = (id: Y.ID | null) => (id ? `${id.client}:${id.clock}` : "");
  const had = new Set(old.containerIds.map(key)), has = new Set(now.containerIds.map(key));
  const layoutAuthors = reshaped
    ? [
        ...now.containerIds.filter((id) => id && !had.has(key(id))).map((id) => authorship.writer(id)),
        ...old.containerIds.filter((id) => id && !has.has(key(id))).map((id) => authorship.deleter(id)),
        ...(key(old.itemId) != key(now.itemId) ? [authorship.writer(now.itemId)] : []),
      ]
    : [];
  return { change: "changed", index, kind, reshaped, text, authors: distinctAuthors([...partAuthors(text), ...layoutAuthors]) };
}

/** Whether a block change says what changed (always, unless an unforeseen difference is hidden from it). */
export const explained = (b: BlockChange) => b.change != "changed" || b.reshaped || changedParts(b.text);
