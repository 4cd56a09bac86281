/**
 * What a difference must say of itself: whether it has any entry, and the
 * entries that do not say what changed (there must be none: a change that
 * shows nothing is as bad as no change at all).
 */

interface Part { type: string }
interface Block { change: string; reshaped: boolean; text: Part[] }
interface Commitment { change: string; reworded: boolean; reassigned: boolean; moved: boolean; due: { from: unknown; to: unknown }; indicator: { from: unknown; to: unknown } }
interface Clause { clauseId: string; change: string; moved: boolean; heading: Part[]; body: Part[]; blocks: Block[]; commitments: Commitment[] }
interface Section { change: string; moved: boolean; renamed: boolean; number: unknown; introduction: Block[] }
export interface DiffBody {
  identical: boolean;
  title: { text: Part[] } | null;
  preamble: Block[];
  sections: Section[];
  clauses: Clause[];
}

export const hasNoEntry = (d: DiffBody) => !d.title && !d.preamble.length && !d.sections.length && !d.clauses.length;

const changed = (parts: Part[]) => parts.some((p) => p.type != "equal");
const blockSays = (b: Block) => b.change != "changed" || b.reshaped || changed(b.text);
const commitmentSays = (c: Commitment) => c.change != "changed" || c.reworded || c.reassigned || c.moved || c.due.from != c.due.to || c.indicator.from != c.indicator.to;

/** Descriptions of the entries that say nothing. */
export function silentEntries(d: DiffBody): string[] {
  const out: string[] = [];
  if (d.title && !changed(d.title.text)) out.push("title");
  d.preamble.filter((b) => !blockSays(b)).forEach(() => out.push("preamble block"));
  for (const s of d.sections) {
    if (s.change == "changed" && !s.moved && !s.renamed && !s.introduction.length) out.push(`section ${JSON.stringify(s.number)}`);
    if (s.introduction.some((b) => !blockSays(b))) out.push(`introduction of section ${JSON.stringify(s.number)}`);
  }
  for (const c of d.clauses) {
    if (c.change == "changed" && !c.moved && !changed(c.heading) && !changed(c.body) && !c.blocks.some(blockSays) && !c.commitments.length) out.push(`clause ${c.clauseId}`);
    if (c.blocks.some((b) => !blockSays(b))) out.push(`block of clause ${c.clauseId}`);
    if (c.commitments.some((x) => !commitmentSays(x))) out.push(`commitment of clause ${c.clauseId}`);
  }
  return out;
}
