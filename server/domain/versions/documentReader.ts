import * as Y from "yjs";
import type { Mark, Node as PMNode } from "prosemirror-model";
import { DOCUMENT_FIELD } from "../documents.js";
import { yFragmentToCharter } from "../../collab/yjsToCharter.js";
import { markNameOf } from "../../collab/contentRules.js";
import { charterSchema } from "../../shared/schema.js";
import { canonicalJSON, contentHash } from "./canonical.js";
import { appendText, emptyText, separator, type IdentifiedText, type MarkRead } from "./identifiedText.js";

/** How a block of text is laid out: a paragraph, or an item of a bulleted or numbered list. */
export interface BlockKind {
  type: "paragraph" | "bullet" | "ordered";
  /** List nesting depth: 0 for a paragraph, 1 for an item of a top-level list… */
  level: number;
  /** The first number of the innermost numbered list. */
  start: number | null;
  /** The block begins a list item (false: a further paragraph of the same item). */
  newItem: boolean;
  /** The block begins a list (false: it continues the list above). */
  newList: boolean;
}

/**
 * One paragraph, wherever it sits (alone, or in list items of nested lists),
 * with what tells it apart exactly: the sequence of blocks of a container,
 * each with its `shape` and `canonical` form, gives back the container's
 * canonical form (every list and list item holds at least one paragraph).
 */
export interface BlockRead {
  kind: BlockKind;
  /** The lists and list items around it, with their attributes, and how many of them begin at it. */
  shape: string;
  /** The paragraph's canonical JSON (text and marks). */
  canonical: string;
  text: IdentifiedText;
  itemId: Y.ID | null;
  /** Items of the lists and list items around it: whoever made it a list item created them. */
  containerIds: (Y.ID | null)[];
}

/** A commitment as read from a Y.Doc. */
export interface CommitmentRead {
  id: string;
  party: string | null;
  due: string | null;
  indicator: string | null;
  text: IdentifiedText;
  canonical: string;
  /** How many paragraphs of the clause come before it: where it sits among them. */
  blocksBefore: number;
  /** Id of the Yjs item that holds the commitment element. */
  itemId: Y.ID | null;
  /** Ids of the Yjs items holding the current value of each attribute: who set it. */
  attrItemIds: Record<string, Y.ID | null>;
}

/** A clause as read from a Y.Doc: what a difference compares. */
export interface ClauseRead {
  id: string;
  /** Article number (1-based across the charter), derived from the order. */
  number: number;
  /** The heading of its section. */
  section: string;
  /** Index of its section in the charter. */
  sectionIndex: number;
  heading: IdentifiedText;
  headingCanonical: string;
  /** The clause's paragraphs and lists (commitments apart), blocks separated by a line break. */
  body: IdentifiedText;
  /** The same paragraphs one by one, with their layout. */
  blocks: BlockRead[];
  commitments: CommitmentRead[];
  /** Equal exactly when the clauses' canonical forms are (made of its parts', cheaper than its own). */
  canonical: string;
  itemId: Y.ID | null;
}

/** A section (« Titre ») as read from a Y.Doc. */
export interface SectionRead {
  /** 1-based, derived from the order. */
  number: number;
  heading: IdentifiedText;
  headingCanonical: string;
  introduction: BlockRead[];
  clauses: ClauseRead[];
  itemId: Y.ID | null;
}

/** A whole charter as read from a Y.Doc, with the Yjs identity of each character. */
export interface DocumentRead {
  title: IdentifiedText;
  titleCanonical: string;
  titleItemId: Y.ID | null;
  preamble: BlockRead[];
  sections: SectionRead[];
  /** Every clause, in order. */
  clauses: ClauseRead[];
  /** The content hash of the same state (as `contentHash` of its document). */
  hash: string;
}

/**
 * Reads a charter's Y.Doc, strictly converted to its ProseMirror document
 * first (so that an invalid state throws as it does everywhere else): the Yjs
 * elements give the identity of each character, the nodes their canonical
 * form, element by element (they correspond one to one at block level).
 */
export function readDocument(doc: Y.Doc): DocumentRead {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const pm = yFragmentToCharter(fragment);
  const parts = paired(fragment, pm);
  const out: DocumentRead = {
    title: emptyText(), titleCanonical: "", titleItemId: null, preamble: [], sections: [], clauses: [], hash: contentHash(pm),
  };
  for (const [el, node] of parts) {
    if (node.type.name == "title") {
      out.title = inlineText(el);
      out.titleCanonical = canonicalJSON(node);
      out.titleItemId = el._item?.id ?? null;
    } else if (node.type.name == "preamble") out.preamble = readBlocks(paired(el, node));
    else if (node.type.name == "section") out.sections.push(readSection(el, node, out.sections.length, out.clauses));
  }
  return out;
}

function readSection(el: Y.XmlElement, node: PMNode, index: number, allClauses: ClauseRead[]): SectionRead {
  const section: SectionRead = { number: index + 1, heading: emptyText(), headingCanonical: "", introduction: [], clauses: [], itemId: el._item?.id ?? null };
  const introduction: [Y.XmlElement, PMNode][] = [];
  for (const [child, childNode] of paired(el, node)) {
    const name = childNode.type.name;
    if (name == "section_heading") {
      section.heading = inlineText(child);
      section.headingCanonical = canonicalJSON(childNode);
    }
    else if (name == "clause") {
      const clause = readClause(child, childNode, section, allClauses.length + 1);
      section.clauses.push(clause);
      allClauses.push(clause);
    } else introduction.push([child, childNode]);
  }
  section.introduction = readBlocks(introduction);
  return section;
}

function readClause(el: Y.XmlElement, node: PMNode, section: SectionRead, number: number): ClauseRead {
  const heading = emptyText();
  let headingCanonical = "";
  const commitments: CommitmentRead[] = [];
  const blockParts: [Y.XmlElement, PMNode][] = [];
  const blocks: BlockRead[] = [];
  for (const [part, partNode] of paired(el, node)) {
    const name = partNode.type.name;
    if (name == "clause_heading") {
      appendText(heading, inlineText(part));
      headingCanonical = canonicalJSON(partNode);
    }
    else if (name == "commitment") {
      blocks.push(...readBlocks(blockParts.splice(0)));
      const attrs = partNode.attrs as Record<string, string | null>;
      commitments.push({
        id: String(attrs.id ?? ""), party: attrs.party ?? null, due: attrs.due ?? null, indicator: attrs.indicator ?? null,
        text: inlineText(part), canonical: canonicalJSON(partNode), blocksBefore: blocks.length, itemId: part._item?.id ?? null,
        attrItemIds: Object.fromEntries(["party", "due", "indicator"].map((k) => [k, part._map.get(k)?.id ?? null])),
      });
    } else blockParts.push([part, partNode]);
  }
  blocks.push(...readBlocks(blockParts));
  const body = emptyText();
  for (const block of blocks) {
    if (body.text) separator(body, "\n");
    appendText(body, block.text);
  }
  return {
    id: String(node.attrs.id ?? ""), number, section: section.heading.text, sectionIndex: section.number - 1,
    heading, headingCanonical, body, blocks, commitments, itemId: el._item?.id ?? null,
    canonical: JSON.stringify([node.attrs.id, headingCanonical, blocks.map((b) => [b.shape, b.canonical]), commitments.map((c) => [c.canonical, c.blocksBefore])]),
  };
}

interface Container {
  name: string;
  attrs: string;
  itemId: Y.ID | null;
  started: boolean;
}

/** The paragraphs of a sequence of blocks (paragraphs and lists), each with its layout. */
function readBlocks(parts: [Y.XmlElement, PMNode][]): BlockRead[] {
  const out: BlockRead[] = [];
  const stack: Container[] = [];
  const walk = (el: Y.XmlElement, node: PMNode) => {
    if (node.type.name == "paragraph") {
      out.push(blockOf(el, node, stack));
      for (const c of stack) c.started = true;
      return;
    }
    stack.push({ name: node.type.name, attrs: canonicalJSON(node.type.create(node.attrs, null)), itemId: el._item?.id ?? null, started: false });
    for (const [child, childNode] of paired(el, node)) walk(child, childNode);
    stack.pop();
  };
  for (const [el, node] of parts) walk(el, node);
  return out;
}

function blockOf(el: Y.XmlElement, node: PMNode, stack: Container[]): BlockRead {
  const lists = stack.filter((c) => c.name != "list_item");
  const list = lists.at(-1);
  const item = stack.filter((c) => c.name == "list_item").at(-1);
  const opens = stack.filter((c) => !c.started).length;
  const order = list?.name == "ordered_list" ? (JSON.parse(list.attrs).attrs.order as number) : null;
  return {
    kind: {
      type: !list ? "paragraph" : list.name == "ordered_list" ? "ordered" : "bullet",
      level: lists.length, start: order, newItem: !!item && !item.started, newList: !!list && !list.started,
    },
    shape: JSON.stringify([stack.map((c) => c.attrs), opens]),
    canonical: canonicalJSON(node),
    text: inlineText(el),
    itemId: el._item?.id ?? null,
    containerIds: stack.map((c) => c.itemId),
  };
}

/**
 * The element children of a Yjs element beside the child nodes they became
 * (block level holds only elements; an empty Y.XmlText there becomes nothing).
 */
function paired(el: Y.XmlElement | Y.XmlFragment, node: PMNode): [Y.XmlElement, PMNode][] {
  const elements = el.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
  if (elements.length != node.childCount) throw new Error(`Unexpected layout of ${node.type.name}: ${elements.length} elements for ${node.childCount} nodes`);
  return elements.map((child, i) => [child, node.child(i)]);
}

/** The inline content of a text block: its text with its marks, hard breaks as line breaks. */
function inlineText(el: Y.XmlElement): IdentifiedText {
  const out = emptyText();
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) readFormattedText(out, child);
    else if (child instanceof Y.XmlElement) separator(out, "\n", child._item?.id ?? null);
  }
  return out;
}

/** Text item by item, with the marks its formatting items give it and which items set them. */
function readFormattedText(out: IdentifiedText, text: Y.XmlText): void {
  const formats = new Map<string, { value: unknown; id: Y.ID }>();
  for (let item = text._start; item; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) formats.set(content.key, { value: content.value, id: item.id });
    else if (content instanceof Y.ContentString && content.str) {
      const at = out.text.length;
      out.runs.push({ at, len: content.str.length, client: item.id.client, clock: item.id.clock });
      out.text += content.str;
      out.marks.push({ at, len: content.str.length, ...marksOf(formats) });
    }
  }
}

/** Marks as ProseMirror builds them from formatting keys (one per type, the last one winning), for display and comparison. */
function marksOf(formats: Map<string, { value: unknown; id: Y.ID }>): { marks: MarkRead[]; key: string; setBy: Record<string, Y.ID> } {
  let set: readonly Mark[] = [];
  const setBy: Record<string, Y.ID> = {};
  for (const [key, { value, id }] of formats) {
    const name = markNameOf(key);
    if (!name || !Object.hasOwn(charterSchema.marks, name)) continue;
    setBy[name] = id;
    if (value != null) set = charterSchema.marks[name].create(value as Record<string, unknown>).addToSet(set);
  }
  const marks = set.map((m): MarkRead => {
    if (m.type.name != "link") return { type: m.type.name };
    return { type: "link", href: String(m.attrs.href), ...(m.attrs.title != null ? { title: String(m.attrs.title) } : {}) };
  });
  return { marks, key: JSON.stringify(set.map((m) => [m.type.name, m.attrs])), setBy };
}
