import { Plugin, PluginKey, TextSelection, type Command, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { Node as PMNode } from "prosemirror-model";
import { locatePlaceholders, type LocatedPlaceholder } from "../../../server/shared/placeholders.js";

/** What the template placeholders plugin knows about the current document. */
export interface TemplatePlaceholdersState {
  /** The placeholders left (« [à compléter] », « [date] »…), in document order, with where they are. */
  found: LocatedPlaceholder[];
  decorations: DecorationSet;
}

/** The plugin's key, to read the placeholders (the « À compléter » panel). */
export const templatePlaceholdersKey = new PluginKey<TemplatePlaceholdersState>("templatePlaceholders");

/**
 * Highlights what a template left to complete (`server/shared/placeholders.ts`
 * says what counts) and keeps their list for the « À compléter » panel. The
 * highlight is a class (`template-placeholder`: a background and a dashed
 * underline, so not by colour alone); the text itself is untouched, so
 * typing over a placeholder simply replaces it.
 */
export function templatePlaceholdersPlugin(): Plugin<TemplatePlaceholdersState> {
  return new Plugin<TemplatePlaceholdersState>({
    key: templatePlaceholdersKey,
    state: {
      init: (_config, state) => build(state.doc, locatePlaceholders(state.doc)),
      apply: (tr, value) => {
        if (!tr.docChanged) return value;
        const found = locatePlaceholders(tr.doc);
        // Typing elsewhere only moves the placeholders: the old decorations, mapped, still fit.
        if (moved(value.found, found, tr)) return { found, decorations: value.decorations.map(tr.mapping, tr.doc) };
        return build(tr.doc, found);
      },
    },
    props: {
      decorations: (state) => templatePlaceholdersKey.getState(state)!.decorations,
    },
  });
}

/** The placeholders left in the editor's document (none without the plugin). */
export function templatePlaceholders(state: EditorState): LocatedPlaceholder[] {
  return templatePlaceholdersKey.getState(state)?.found ?? [];
}

/**
 * Selects the `index`-th placeholder and scrolls it into view, so that what
 * is typed next replaces it. `text` guards against the list having changed
 * since it was shown (a collaborator's edit): then nothing happens.
 */
export function selectPlaceholder(index: number, text: string): Command {
  return (state, dispatch) => {
    const target = templatePlaceholders(state)[index];
    if (!target || target.text != text) return false;
    if (dispatch) dispatch(state.tr.setSelection(TextSelection.create(state.doc, target.from, target.to)).scrollIntoView());
    return true;
  };
}

function build(doc: PMNode, found: LocatedPlaceholder[]): TemplatePlaceholdersState {
  const decorations = found.map((p) => Decoration.inline(p.from, p.to, { class: "template-placeholder" }));
  return { found, decorations: DecorationSet.create(doc, decorations) };
}

function moved(before: LocatedPlaceholder[], after: LocatedPlaceholder[], tr: Transaction): boolean {
  if (before.length != after.length) return false;
  return before.every((p, i) => p.text == after[i].text && tr.mapping.map(p.from, 1) == after[i].from && tr.mapping.map(p.to, -1) == after[i].to);
}
