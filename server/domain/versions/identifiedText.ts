import * as Y from "yjs";

/** A run of characters written in one go: `len` units from offset `at`, ids `clock`… of `client`. */
export interface IdRun {
  at: number;
  len: number;
  client: number;
  clock: number;
}

/** A mark as a difference shows it. */
export interface MarkRead {
  type: string;
  /** A link's target. */
  href?: string;
  /** A link's title. */
  title?: string;
}

/** A run of characters with one set of marks. */
export interface MarkRun {
  at: number;
  len: number;
  /** Compares the marks exactly (attributes included). */
  key: string;
  marks: MarkRead[];
  /** The formatting items in force there, by mark name: who set (or ended) each mark. */
  setBy: Record<string, Y.ID>;
}

/**
 * Text with the Yjs identity of its characters, as runs (separators have
 * none), and its marks (text without a mark run has none).
 */
export interface IdentifiedText {
  text: string;
  runs: IdRun[];
  marks: MarkRun[];
}

export const emptyText = (): IdentifiedText => ({ text: "", runs: [], marks: [] });

/** Appends `more` to `out`, shifting its runs. */
export function appendText(out: IdentifiedText, more: IdentifiedText): void {
  const shift = out.text.length;
  for (const run of more.runs) out.runs.push({ ...run, at: run.at + shift });
  for (const run of more.marks) out.marks.push({ ...run, at: run.at + shift });
  out.text += more.text;
}

/** Appends a line break or the like, with the id of the element it stands for if any. */
export function separator(out: IdentifiedText, char: string, id: Y.ID | null = null): void {
  if (id) out.runs.push({ at: out.text.length, len: char.length, client: id.client, clock: id.clock });
  out.text += char;
}

/** The ids of the characters in [start, end), one per run piece (runs are in offset order). */
export function idsIn(text: IdentifiedText, start: number, end: number): Y.ID[] {
  const out: Y.ID[] = [];
  for (const run of text.runs) {
    if (run.at + run.len <= start) continue;
    if (run.at >= end) break;
    out.push(Y.createID(run.client, run.clock + Math.max(0, start - run.at)));
  }
  return out;
}

/** The mark run covering offset `at`, if any (a cursor makes repeated forward look-ups cheap). */
export function markCursor(text: IdentifiedText): (at: number) => MarkRun | null {
  let i = 0;
  return (at) => {
    if (i > 0 && text.marks[i - 1] && text.marks[i - 1].at > at) i = 0;
    while (i < text.marks.length && text.marks[i].at + text.marks[i].len <= at) i++;
    const run = text.marks[i];
    return run && run.at <= at ? run : null;
  };
}
