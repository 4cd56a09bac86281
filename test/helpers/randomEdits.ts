import * as Y from "yjs";
import { DOCUMENT_FIELD } from "../../server/domain/documents.js";

/**
 * Random edits anywhere in a charter's Y.Doc, made as y-prosemirror makes
 * them (text typed and deleted, marks, paragraphs turned into list items and
 * back, lists split and joined, sections and clauses added, removed and moved
 * by delete and insert of a copy, commitment attributes), and some that
 * change the Yjs history but not the content (type then delete, move there
 * and back, rewrite a block as a copy of itself). Every edit keeps the
 * document valid for the schema, so the server takes it.
 */

/** A seeded pseudo-random generator (mulberry32): the same seed, the same edits. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The seed from `variable` in the environment, or a new one. */
export function seedFrom(variable: string): number {
  const given = process.env[variable];
  if (given && !/^\d+$/.test(given)) throw new Error(`${variable} must be a non-negative integer, not ${JSON.stringify(given)}`);
  return given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
}

const WORDS = ["logement", "ménage", "égalité", "CCAPEX", "prévention", "délai", "l'État", "Département", "bailleur", "accompagnement", "expulsion", "dignité"];
const TEXT_BLOCKS = new Set(["title", "section_heading", "clause_heading", "paragraph", "commitment"]);
const MARKABLE = new Set(["paragraph", "commitment"]);
const LISTS = ["bullet_list", "ordered_list"];

type Edit = (doc: Y.Doc, rnd: Random, ctx: EditContext) => string | null;

/** What edits may use: organisations to assign commitments to, fresh ids. */
export interface EditContext {
  parties: string[];
  nextId(): string;
}

const fragment = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FIELD);
const elements = (parent: Y.XmlElement | Y.XmlFragment) => parent.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);

function descendants(doc: Y.Doc, keep: (el: Y.XmlElement) => boolean): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  const walk = (parent: Y.XmlElement | Y.XmlFragment) => {
    for (const el of elements(parent)) {
      if (keep(el)) out.push(el);
      walk(el);
    }
  };
  walk(fragment(doc));
  return out;
}

const sections = (doc: Y.Doc) => elements(fragment(doc)).filter((el) => el.nodeName == "section");
const clauses = (doc: Y.Doc) => sections(doc).flatMap((s) => elements(s).filter((el) => el.nodeName == "clause"));
const commitments = (doc: Y.Doc) => clauses(doc).flatMap((c) => elements(c).filter((el) => el.nodeName == "commitment"));
const indexIn = (parent: Y.XmlElement, child: Y.XmlElement) => parent.toArray().indexOf(child);

/** A place for blocks: the preamble, a section's introduction or a clause's body, as [parent, first index, end index]. */
function blockRegions(doc: Y.Doc): [Y.XmlElement, number, number][] {
  const out: [Y.XmlElement, number, number][] = [];
  const preamble = elements(fragment(doc)).find((el) => el.nodeName == "preamble");
  if (preamble) out.push([preamble, 0, preamble.length]);
  for (const s of sections(doc)) {
    const children = s.toArray();
    const firstClause = children.findIndex((c) => (c as Y.XmlElement).nodeName == "clause");
    out.push([s, 1, firstClause < 0 ? children.length : firstClause]);
  }
  for (const c of clauses(doc)) out.push([c, 1, c.length]);
  return out;
}

/** The top-level blocks of every region, with their region. */
function topBlocks(doc: Y.Doc, names: string[]): { region: [Y.XmlElement, number, number]; el: Y.XmlElement; index: number }[] {
  return blockRegions(doc).flatMap((region) => {
    const [parent, start, end] = region;
    return parent.toArray().slice(start, end).flatMap((el, k) => (el instanceof Y.XmlElement && names.includes(el.nodeName) ? [{ region, el, index: start + k }] : []));
  });
}

function textOf(block: Y.XmlElement): Y.XmlText {
  const found = block.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  if (found) return found;
  const text = new Y.XmlText();
  block.insert(0, [text]);
  return text;
}

const paragraph = (words: string) => {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(words)]);
  return p;
};
const sentence = (rnd: Random) => Array.from({ length: 1 + rnd.int(3) }, () => rnd.pick(WORDS)).join(" ");

function randomMark(rnd: Random): Record<string, unknown> {
  const kind = rnd.int(3);
  if (kind == 0) return { strong: rnd.chance(0.7) ? {} : null };
  if (kind == 1) return { em: rnd.chance(0.7) ? {} : null };
  if (!rnd.chance(0.7)) return { link: null };
  const href = `https://example.org/${rnd.pick(WORDS).replace(/\W/g, "")}`;
  return { link: rnd.chance(0.3) ? { href, title: rnd.pick(WORDS) } : { href } };
}

/** Replaces `el` in its parent by `replacement` (y-prosemirror's way of changing a node's type). */
function replace(el: Y.XmlElement, replacement: Y.XmlElement[]): void {
  const parent = el.parent as Y.XmlElement;
  const index = indexIn(parent, el);
  parent.delete(index, 1);
  parent.insert(index, replacement);
}

/** Moves a child of `parent` from `from` to `to` (an index in the parent once it is removed), as a copy. */
function move(parent: Y.XmlElement | Y.XmlFragment, from: number, to: number): void {
  const copy = (parent.get(from) as Y.XmlElement).clone();
  parent.delete(from, 1);
  parent.insert(to, [copy]);
}

const edits: Record<string, Edit> = {
  type(doc, rnd) {
    const block = rnd.pick(descendants(doc, (el) => TEXT_BLOCKS.has(el.nodeName)));
    const text = textOf(block);
    const at = rnd.int(text.length + 1);
    const word = (at > 0 ? " " : "") + rnd.pick(WORDS);
    if (MARKABLE.has(block.nodeName) && rnd.chance(0.3)) text.insert(at, word, { strong: {} });
    else text.insert(at, word);
    return `type ${JSON.stringify(word)} in ${block.nodeName} at ${at}`;
  },
  erase(doc, rnd) {
    const blocks = descendants(doc, (el) => TEXT_BLOCKS.has(el.nodeName) && textOf(el).length > 0);
    if (!blocks.length) return null;
    const block = rnd.pick(blocks);
    const text = textOf(block);
    const at = rnd.int(text.length);
    const len = 1 + rnd.int(Math.min(12, text.length - at));
    text.delete(at, len);
    return `delete ${len} characters of ${block.nodeName} at ${at}`;
  },
  format(doc, rnd) {
    const blocks = descendants(doc, (el) => MARKABLE.has(el.nodeName) && textOf(el).length > 0);
    if (!blocks.length) return null;
    const text = textOf(rnd.pick(blocks));
    const at = rnd.int(text.length);
    const len = 1 + rnd.int(Math.min(20, text.length - at));
    const mark = randomMark(rnd);
    text.format(at, len, mark);
    return `format ${len} characters at ${at} with ${JSON.stringify(mark)}`;
  },
  typeAndErase(doc, rnd) {
    const block = rnd.pick(descendants(doc, (el) => TEXT_BLOCKS.has(el.nodeName)));
    const text = textOf(block);
    const at = rnd.int(text.length + 1);
    text.insert(at, "provisoire");
    text.delete(at, "provisoire".length);
    return `type then delete a word in ${block.nodeName} (no change)`;
  },
  decompose(doc, rnd) {
    // The same text in another Unicode form: « é » as « e » and a combining accent (the hash reads text in NFC).
    const blocks = descendants(doc, (el) => TEXT_BLOCKS.has(el.nodeName) && textOf(el).toString().includes("é"));
    if (!blocks.length) return null;
    const block = rnd.pick(blocks);
    const text = textOf(block);
    const at = text.toString().indexOf("é");
    const marks = MARKABLE.has(block.nodeName) ? formatsAt(text, at) : undefined;
    text.delete(at, 1);
    if (marks) text.insert(at, "e\u0301", marks);
    else text.insert(at, "e\u0301");
    return `« é » written with a combining accent in ${block.nodeName} (no change)`;
  },
  hardBreak(doc, rnd) {
    const block = rnd.pick(descendants(doc, (el) => MARKABLE.has(el.nodeName)));
    block.insert(block.length, [new Y.XmlElement("hard_break"), new Y.XmlText(rnd.pick(WORDS))]);
    return `line break and a word at the end of a ${block.nodeName}`;
  },
  wrapInList(doc, rnd) {
    const found = topBlocks(doc, ["paragraph"]);
    if (!found.length) return null;
    const { el } = rnd.pick(found);
    const list = new Y.XmlElement(rnd.pick(LISTS));
    const item = new Y.XmlElement("list_item");
    item.insert(0, [el.clone()]);
    list.insert(0, [item]);
    replace(el, [list]);
    return `paragraph turned into a ${list.nodeName} item`;
  },
  nestInList(doc, rnd) {
    const items = descendants(doc, (el) => el.nodeName == "list_item");
    if (!items.length) return null;
    const item = rnd.pick(items);
    const list = new Y.XmlElement(rnd.pick(LISTS));
    const inner = new Y.XmlElement("list_item");
    inner.insert(0, [paragraph(rnd.pick(WORDS))]);
    list.insert(0, [inner]);
    item.insert(item.length, [list]);
    return `a ${list.nodeName} nested in a list item`;
  },
  unwrapList(doc, rnd) {
    const found = topBlocks(doc, LISTS).filter(({ el }) => elements(el).every((item) => elements(item).every((p) => p.nodeName == "paragraph")));
    if (!found.length) return null;
    const { el } = rnd.pick(found);
    replace(el, elements(el).flatMap((item) => elements(item).map((p) => p.clone())));
    return `${el.nodeName} turned into paragraphs`;
  },
  switchList(doc, rnd) {
    const lists = descendants(doc, (el) => LISTS.includes(el.nodeName));
    if (!lists.length) return null;
    const el = rnd.pick(lists);
    const other = new Y.XmlElement(el.nodeName == "bullet_list" ? "ordered_list" : "bullet_list");
    other.insert(0, elements(el).map((item) => item.clone()));
    replace(el, [other]);
    return `${el.nodeName} turned into ${other.nodeName}`;
  },
  listStart(doc, rnd) {
    const lists = descendants(doc, (el) => el.nodeName == "ordered_list");
    if (!lists.length) return null;
    const order = rnd.pick([1, 1, 3, 10]);
    rnd.pick(lists).setAttribute("order", order as unknown as string);
    return `ordered list starting at ${order}`;
  },
  splitList(doc, rnd) {
    const lists = topBlocks(doc, LISTS).filter(({ el }) => el.length > 1);
    if (!lists.length) return null;
    const { el } = rnd.pick(lists);
    const cut = 1 + rnd.int(el.length - 1);
    const head = new Y.XmlElement(el.nodeName), tail = new Y.XmlElement(el.nodeName);
    head.insert(0, elements(el).slice(0, cut).map((i) => i.clone()));
    tail.insert(0, elements(el).slice(cut).map((i) => i.clone()));
    replace(el, [head, tail]);
    return `${el.nodeName} split in two after item ${cut}`;
  },
  joinItems(doc, rnd) {
    const lists = descendants(doc, (el) => LISTS.includes(el.nodeName) && el.length > 1);
    if (!lists.length) return null;
    const list = rnd.pick(lists);
    const k = rnd.int(list.length - 1);
    const [a, b] = [list.get(k) as Y.XmlElement, list.get(k + 1) as Y.XmlElement];
    a.insert(a.length, elements(b).map((c) => c.clone()));
    list.delete(k + 1, 1);
    return `list item ${k + 2} joined to the one before (a second paragraph in it)`;
  },
  splitParagraph(doc, rnd) {
    const found = topBlocks(doc, ["paragraph"]).filter(({ el }) => textOf(el).length > 1);
    if (!found.length) return null;
    const { el } = rnd.pick(found);
    const text = textOf(el);
    const cut = 1 + rnd.int(text.length - 1);
    const tail = new Y.XmlText();
    tail.applyDelta(deltaSlice(text.toDelta(), cut));
    text.delete(cut, text.length - cut);
    const next = new Y.XmlElement("paragraph");
    next.insert(0, [tail]);
    const parent = el.parent as Y.XmlElement;
    parent.insert(indexIn(parent, el) + 1, [next]);
    return `paragraph split at ${cut}`;
  },
  joinParagraphs(doc, rnd) {
    const found = topBlocks(doc, ["paragraph"]).filter(({ el, index, region }) => index + 1 < region[2] && (el.parent as Y.XmlElement).get(index + 1) instanceof Y.XmlElement && ((el.parent as Y.XmlElement).get(index + 1) as Y.XmlElement).nodeName == "paragraph");
    if (!found.length) return null;
    const { el, index } = rnd.pick(found);
    const parent = el.parent as Y.XmlElement;
    const next = parent.get(index + 1) as Y.XmlElement;
    el.insert(el.length, next.toArray().map((c) => (c as Y.XmlText | Y.XmlElement).clone()));
    parent.delete(index + 1, 1);
    return "paragraph joined to the one before";
  },
  addParagraph(doc, rnd) {
    const [parent, start, end] = rnd.pick(blockRegions(doc));
    const at = start + rnd.int(end - start + 1);
    parent.insert(at, [paragraph(sentence(rnd))]);
    return `paragraph added in ${parent.nodeName} at ${at}`;
  },
  removeBlock(doc, rnd) {
    const found = topBlocks(doc, ["paragraph", ...LISTS]).filter(({ region: [parent, start, end] }) => parent.nodeName != "preamble" || end - start > 1);
    if (!found.length) return null;
    const { el, index } = rnd.pick(found);
    (el.parent as Y.XmlElement).delete(index, 1);
    return `${el.nodeName} removed`;
  },
  rewriteBlock(doc, rnd) {
    const found = topBlocks(doc, ["paragraph", ...LISTS]);
    if (!found.length) return null;
    const { el } = rnd.pick(found);
    replace(el, [el.clone()]);
    return `${el.nodeName} rewritten as a copy of itself (no change)`;
  },
  addSection(doc, rnd, ctx) {
    const section = new Y.XmlElement("section");
    const heading = new Y.XmlElement("section_heading");
    heading.insert(0, [new Y.XmlText(sentence(rnd))]);
    const children: Y.XmlElement[] = [heading];
    if (rnd.chance(0.5)) children.push(paragraph(sentence(rnd)));
    if (rnd.chance(0.7)) children.push(newClause(ctx.nextId(), rnd));
    section.insert(0, children);
    const at = 2 + rnd.int(sections(doc).length + 1);
    fragment(doc).insert(at, [section]);
    return `section added at ${at - 1}`;
  },
  removeSection(doc, rnd) {
    const all = sections(doc);
    if (all.length < 2) return null;
    const k = rnd.int(all.length);
    fragment(doc).delete(2 + k, 1);
    return `section ${k + 1} removed`;
  },
  moveSection(doc, rnd) {
    const n = sections(doc).length;
    if (n < 2) return null;
    const from = rnd.int(n);
    let to = rnd.int(n - 1);
    if (to >= from) to++;
    move(fragment(doc), 2 + from, 2 + Math.min(to, n - 1));
    return `section ${from + 1} moved to ${to + 1}`;
  },
  moveSectionAndBack(doc, rnd) {
    const n = sections(doc).length;
    const k = rnd.int(n);
    move(fragment(doc), 2 + k, 2 + k);
    return `section ${k + 1} moved where it was (no change)`;
  },
  addClause(doc, rnd, ctx) {
    const section = rnd.pick(sections(doc));
    section.insert(clausePlace(section, rnd), [newClause(ctx.nextId(), rnd)]);
    return "clause added";
  },
  removeClause(doc, rnd) {
    const all = clauses(doc);
    if (all.length < 2) return null;
    const clause = rnd.pick(all);
    const parent = clause.parent as Y.XmlElement;
    parent.delete(indexIn(parent, clause), 1);
    return `clause ${clause.getAttribute("id")} removed`;
  },
  moveClause(doc, rnd) {
    const all = clauses(doc);
    if (!all.length) return null;
    const clause = rnd.pick(all);
    const from = clause.parent as Y.XmlElement;
    const target = rnd.pick(sections(doc));
    const copy = clause.clone();
    from.delete(indexIn(from, clause), 1);
    target.insert(clausePlace(target, rnd), [copy]);
    return `clause ${clause.getAttribute("id")} moved`;
  },
  commitmentAttribute(doc, rnd, ctx) {
    const all = commitments(doc);
    if (!all.length) return null;
    const c = rnd.pick(all);
    const key = rnd.pick(["party", "due", "indicator"]);
    const current = c.getAttribute(key);
    const roll = rnd.int(4);
    if (roll == 0 && current != null) {
      c.setAttribute(key, current);
      return `commitment ${key} set to its own value (no change)`;
    }
    if (roll == 1) {
      c.removeAttribute(key);
      return `commitment ${key} removed`;
    }
    const value = key == "party" ? rnd.pick(ctx.parties) : key == "due" ? `202${7 + rnd.int(3)}-0${1 + rnd.int(9)}-1${rnd.int(10)}` : `Nombre de ${rnd.pick(WORDS)}`;
    c.setAttribute(key, value);
    return `commitment ${key} set to ${value}`;
  },
  addCommitment(doc, rnd, ctx) {
    const all = clauses(doc);
    if (!all.length) return null;
    const clause = rnd.pick(all);
    const c = new Y.XmlElement("commitment");
    c.setAttribute("id", `en-${ctx.nextId()}`);
    if (rnd.chance(0.7)) c.setAttribute("party", rnd.pick(ctx.parties));
    c.insert(0, [new Y.XmlText(sentence(rnd))]);
    const at = 1 + rnd.int(clause.length);
    clause.insert(at, [c]);
    return `commitment added in clause ${clause.getAttribute("id")} at ${at}`;
  },
  removeCommitment(doc, rnd) {
    const found = commitments(doc);
    if (!found.length) return null;
    const c = rnd.pick(found);
    const clause = c.parent as Y.XmlElement;
    clause.delete(indexIn(clause, c), 1);
    return `commitment ${c.getAttribute("id")} removed`;
  },
  moveCommitment(doc, rnd) {
    const found = commitments(doc);
    if (!found.length) return null;
    const c = rnd.pick(found);
    const clause = c.parent as Y.XmlElement;
    const from = indexIn(clause, c);
    const to = 1 + rnd.int(clause.length - 1);
    move(clause, from, to);
    return `commitment moved from ${from} to ${to} in its clause`;
  },
};

/** A random place among the clauses of a section (after its introduction). */
function clausePlace(section: Y.XmlElement, rnd: Random): number {
  const first = section.toArray().findIndex((c) => (c as Y.XmlElement).nodeName == "clause");
  const start = first < 0 ? section.length : first;
  return start + rnd.int(section.length - start + 1);
}

/** The marks of the character at `at` (what a character typed there in its place must have), every mark key set. */
function formatsAt(text: Y.XmlText, at: number): Record<string, unknown> {
  let offset = 0;
  for (const op of text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[]) {
    const len = typeof op.insert == "string" ? op.insert.length : 1;
    if (at < offset + len) return { strong: null, em: null, link: null, ...op.attributes };
    offset += len;
  }
  return { strong: null, em: null, link: null };
}

function newClause(id: string, rnd: Random): Y.XmlElement {
  const clause = new Y.XmlElement("clause");
  clause.setAttribute("id", id);
  const heading = new Y.XmlElement("clause_heading");
  heading.insert(0, [new Y.XmlText(sentence(rnd))]);
  clause.insert(0, [heading, paragraph(sentence(rnd))]);
  return clause;
}

/** The ops of a delta from offset `from` on. */
function deltaSlice(delta: { insert: unknown; attributes?: Record<string, unknown> }[], from: number) {
  const out: { insert: string; attributes?: Record<string, unknown> }[] = [];
  let at = 0;
  for (const op of delta) {
    const s = String(op.insert);
    const start = Math.max(0, from - at);
    if (start < s.length) out.push({ insert: s.slice(start), ...(op.attributes ? { attributes: op.attributes } : {}) });
    at += s.length;
  }
  return out;
}

/** The names of the edits, for a test to pick from. */
export const EDIT_NAMES = Object.keys(edits);

/** The edits that change the Yjs history but never the content. */
export const NEUTRAL_EDITS = ["typeAndErase", "rewriteBlock", "moveSectionAndBack", "decompose"];

/** Makes one random edit (one transaction; among the neutral ones, or those named, if asked), and says which. */
export function randomEdit(doc: Y.Doc, rnd: Random, ctx: EditContext, options: { neutral?: boolean; among?: string[] } = {}): string {
  for (;;) {
    const name = rnd.pick(options.among ?? (options.neutral ? NEUTRAL_EDITS : EDIT_NAMES));
    let said: string | null = null;
    doc.transact(() => {
      said = edits[name](doc, rnd, ctx);
    });
    if (said) return said;
  }
}
