import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Node as PMNode } from "prosemirror-model";
import { numberCharter, type NumberedEntry } from "../../../server/shared/numbering.js";

/** What the numbering plugin knows about the current document. */
export interface NumberingState {
  /** Sections and clauses in document order, with their derived numbers. */
  entries: NumberedEntry[];
  decorations: DecorationSet;
}

/** The numbering plugin's key, to read its entries (e.g. for the outline). */
export const numberingKey = new PluginKey<NumberingState>("charterNumbering");

/** « Titre 3 » or « Article 12 ». */
export function numberLabel(entry: NumberedEntry): string {
  return (entry.kind == "section" ? "Titre " : "Article ") + entry.number;
}

/**
 * The id of the heading of a numbered entry, for in-page links
 * (`#article-12`). A second view of a charter on the page (an earlier
 * version) gives its headings a prefix, so that ids stay unique.
 */
export function anchorId(entry: NumberedEntry, prefix = ""): string {
  return prefix + (entry.kind == "section" ? "titre-" : "article-") + entry.number;
}

/** Options of the numbering plugin. */
export interface NumberingOptions {
  /** Put before the headings' ids (see `anchorId`). */
  anchorPrefix?: string;
}

/**
 * Shows « Titre N » before each section heading and « Article N » before each
 * clause heading, and gives the headings an anchor id. Numbers are derived
 * from the document each time it changes (`numberCharter`), never stored, so
 * moving or inserting a clause renumbers the rest.
 */
export function numberingPlugin(options: NumberingOptions = {}): Plugin<NumberingState> {
  const prefix = options.anchorPrefix ?? "";
  return new Plugin<NumberingState>({
    key: numberingKey,
    state: {
      init: (_config, state) => numberDocument(state.doc, prefix),
      // Any change can shift the numbers of everything after it, and a charter
      // has at most a few hundred headings: recomputing is simpler than mapping.
      // When only text changed (typing), the old decorations are mapped instead
      // of made anew, which spares the view from comparing every heading again.
      apply: (tr, value) => {
        if (!tr.docChanged) return value;
        const entries = numberCharter(tr.doc);
        if (sameHeadings(entries, value.entries, tr)) return { entries, decorations: value.decorations.map(tr.mapping, tr.doc) };
        return numberDocument(tr.doc, prefix, entries);
      },
    },
    props: {
      decorations: (state) => numberingKey.getState(state)!.decorations,
    },
  });
}

/** The numbered entries of an editor state (empty if the plugin is missing). */
export function numberedEntries(state: EditorState): NumberedEntry[] {
  return numberingKey.getState(state)?.entries ?? [];
}

/** Whether the same headings, with the same numbers, are where the old ones map to (their decorations still fit). */
function sameHeadings(entries: NumberedEntry[], old: NumberedEntry[], tr: Transaction): boolean {
  if (entries.length != old.length) return false;
  for (let i = 0; i < entries.length; i++) {
    const a = entries[i];
    const b = old[i];
    if (a.kind != b.kind || a.number != b.number || tr.mapping.map(b.pos) != a.pos) return false;
    // The heading's own node decoration spans it: a heading that was emptied or replaced needs a new one.
    if (tr.mapping.mapResult(b.pos + 1).deleted) return false;
  }
  return true;
}

function numberDocument(doc: PMNode, prefix: string, entries = numberCharter(doc)): NumberingState {
  const decorations: Decoration[] = [];
  for (const entry of entries) {
    const heading = doc.nodeAt(entry.pos)?.firstChild;
    if (!heading) continue;
    const headingPos = entry.pos + 1;
    const label = numberLabel(entry);
    decorations.push(
      // tabindex -1 lets the outline move the keyboard focus to the heading.
      Decoration.node(headingPos, headingPos + heading.nodeSize, { id: anchorId(entry, prefix), tabindex: "-1", "data-number": label }),
      // A real text node rather than CSS ::before, so screen readers, search and copy see the number.
      Decoration.widget(headingPos + 1, () => numberWidget(label), { side: -1, key: label, ignoreSelection: true }),
    );
  }
  return { entries, decorations: DecorationSet.create(doc, decorations) };
}

function numberWidget(label: string): HTMLElement {
  const span = document.createElement("span");
  span.className = "charter-number";
  span.textContent = label;
  // Keeps the number and the heading apart when read aloud or copied.
  const separator = document.createElement("span");
  separator.className = "visually-hidden";
  separator.textContent = " : ";
  span.appendChild(separator);
  return span;
}
