import type { Node as PMNode } from "prosemirror-model";
import { numberCharter } from "./numbering.js";

/**
 * Placeholders: the bits of a charter a template leaves for people to fill
 * in, written in square brackets: « [à compléter] », « [date] »,
 * « [commune] », « [35] » (a figure to confirm), « […] ». One finder for the
 * server (freezing warns about them) and the browser (highlights and the
 * « À compléter » panel), so both always agree on what counts.
 *
 * A placeholder starts with a lowercase letter or a digit (or is an
 * ellipsis), so that bracketed proper names or acronyms (« [ANIL] ») are not
 * taken for one; it never spans a line or nests brackets.
 */
const PLACEHOLDER = /\[(?:…|\.\.\.|[\p{Ll}\d][^[\]\n]{0,149})\]/gu;

/** A placeholder found in a string: its text (brackets included) and where it is. */
export interface TextPlaceholder {
  text: string;
  /** Offset of the opening bracket. */
  start: number;
  /** Offset just after the closing bracket. */
  end: number;
}

/** A placeholder in a document: `from`/`to` are document positions, `text` includes the brackets. */
export interface DocPlaceholder {
  text: string;
  from: number;
  to: number;
  /** The last words before it in its paragraph or heading (« …leur association régionale : »), to tell alike placeholders apart. */
  before: string;
}

/** At most this many characters of `before`. */
const BEFORE = 48;

/** The placeholders in `text`, in order. */
export function findPlaceholders(text: string): TextPlaceholder[] {
  const out: TextPlaceholder[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) out.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return out;
}

/**
 * The placeholders of a ProseMirror document, in document order. Each
 * textblock is read as one string, so a placeholder whose brackets carry
 * different marks (« [**date**] ») is still found; an inline leaf such as a
 * line break counts as one character that no placeholder can cross.
 */
export function findDocPlaceholders(doc: PMNode): DocPlaceholder[] {
  const out: DocPlaceholder[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let text = "";
    // Every inline child adds exactly its size in characters, so an offset in `text` is an offset in the node.
    node.forEach((child) => (text += child.isText ? child.text! : "\n"));
    for (const found of findPlaceholders(text))
      out.push({ text: found.text, from: pos + 1 + found.start, to: pos + 1 + found.end, before: lastWords(text.slice(0, found.start)) });
    return false;
  });
  return out;
}

function lastWords(text: string): string {
  const flat = text.replace(/\s+/g, " ").trimEnd();
  if (flat.length <= BEFORE) return flat.trimStart();
  const cut = flat.slice(-BEFORE);
  const space = cut.indexOf(" ");
  return "…" + (space >= 0 && space < cut.length - 1 ? cut.slice(space + 1) : cut);
}

/** A placeholder of a charter with where it is, as a person would say it: « Article 12 — Copilotage », « Préambule ». */
export interface LocatedPlaceholder extends DocPlaceholder {
  where: string;
}

/** The placeholders of a charter document, each with where it is. */
export function locatePlaceholders(doc: PMNode): LocatedPlaceholder[] {
  const found = findDocPlaceholders(doc);
  if (!found.length) return [];
  const entries = numberCharter(doc);
  const titleEnd = doc.firstChild?.type.name == "title" ? doc.firstChild.nodeSize : 0;
  let next = 0;
  let where = "Préambule";
  return found.map((placeholder) => {
    // Both lists are in document order: the last heading before a placeholder is the one it sits under.
    while (next < entries.length && entries[next].pos < placeholder.from) {
      const entry = entries[next++];
      where = `${entry.kind == "section" ? "Titre" : "Article"} ${entry.number} — ${entry.heading}`;
    }
    return { ...placeholder, where: placeholder.from < titleEnd ? "Titre de la charte" : where };
  });
}
