import { diffWordsWithSpace } from "diff";
import { idsIn, markCursor, type IdentifiedText, type MarkRead, type MarkRun } from "./identifiedText.js";
import { distinctAuthors, type Author, type Authorship } from "./authorship.js";

/**
 * A run of text in a difference: unchanged, inserted, deleted, or the same
 * words with other marks (`format`: bold, italic, a link added or removed),
 * with who did it.
 */
export interface TextPart {
  type: "equal" | "insert" | "delete" | "format";
  value: string;
  authors?: Author[];
  /** For `format`: the marks before and after. */
  marks?: { from: MarkRead[]; to: MarkRead[] };
}

/** Word-level difference of two texts, marks included, each change credited to its authors. */
export function compareText(old: IdentifiedText, now: IdentifiedText, authorship: Authorship): TextPart[] {
  if (old.text == now.text) return old.text ? equalOrFormat(old, now, 0, 0, old.text.length, authorship) : [];
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
      parts.push(...equalOrFormat(old, now, i, j, n, authorship));
      i += n;
      j += n;
    }
  }
  return parts;
}

export const inserted = (t: IdentifiedText, authorship: Authorship): TextPart[] =>
  t.text ? [{ type: "insert", value: t.text, authors: authorsOf(t, 0, t.text.length, authorship, "writer") }] : [];
export const deleted = (t: IdentifiedText, authorship: Authorship): TextPart[] =>
  t.text ? [{ type: "delete", value: t.text, authors: authorsOf(t, 0, t.text.length, authorship, "deleter") }] : [];

/** Whether some part is a change. */
export const changedParts = (parts: TextPart[]) => parts.some((p) => p.type != "equal");

/** The authors of the parts that are changes. */
export const partAuthors = (parts: TextPart[]): Author[] => parts.flatMap((p) => p.authors ?? []);

/**
 * `n` characters equal on both sides (from `i` in the old text, `j` in the
 * new), cut where their marks differ: those stretches are `format` parts.
 */
function equalOrFormat(old: IdentifiedText, now: IdentifiedText, i: number, j: number, n: number, authorship: Authorship): TextPart[] {
  const value = old.text.slice(i, i + n);
  if (!old.marks.length && !now.marks.length) return [{ type: "equal", value }];
  const before = markCursor(old);
  const after = markCursor(now);
  const parts: TextPart[] = [];
  const keyOf = (run: MarkRun | null) => run?.key ?? "[]";
  // Equal stretches are joined whatever their marks; changed ones split where the change is another.
  let label = "", start = 0, pair: [MarkRun | null, MarkRun | null] = [null, null];
  const flush = (end: number) => {
    if (end == start) return;
    const text = value.slice(start, end);
    if (label == "=") parts.push({ type: "equal", value: text });
    else parts.push({ type: "format", value: text, marks: { from: pair[0]?.marks ?? [], to: pair[1]?.marks ?? [] }, authors: formatAuthors(pair[0], pair[1], authorship) });
  };
  for (let k = 0; k < n; k++) {
    const a = before(i + k), b = after(j + k);
    const next = keyOf(a) == keyOf(b) ? "=" : `${keyOf(a)}\u0000${keyOf(b)}`;
    if (k > 0 && next == label) continue;
    flush(k);
    label = next;
    start = k;
    pair = [a, b];
  }
  flush(n);
  return parts;
}

/**
 * A formatting change is credited to whoever wrote the formatting items now
 * in force for the marks that changed, or, where none is left, to whoever
 * deleted the ones in force before.
 */
function formatAuthors(a: MarkRun | null, b: MarkRun | null, authorship: Authorship): Author[] {
  const byType = (run: MarkRun | null) => new Map((run?.marks ?? []).map((m) => [m.type, JSON.stringify(m)]));
  const from = byType(a), to = byType(b);
  const names = [...new Set([...from.keys(), ...to.keys()])].filter((name) => from.get(name) != to.get(name));
  const out: (Author | null)[] = [];
  for (const name of names) {
    const set = b?.setBy[name];
    if (set) out.push(authorship.writer(set));
    else if (a?.setBy[name]) out.push(authorship.deleter(a.setBy[name]));
  }
  return distinctAuthors(out);
}

/** The authors of a range of characters: one look-up per run of characters written in one go. */
export function authorsOf(text: IdentifiedText, start: number, end: number, authorship: Authorship, role: "writer" | "deleter"): Author[] {
  return distinctAuthors(idsIn(text, start, end).map((id) => (role == "writer" ? authorship.writer(id) : authorship.deleter(id))));
}
