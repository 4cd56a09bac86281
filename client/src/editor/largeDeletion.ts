import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey, TextSelection, type Command, type EditorState, type Transaction } from "prosemirror-state";
import { Mapping } from "prosemirror-transform";
import type { EditorView } from "prosemirror-view";

/** What a deletion would take away, to say it before asking. */
export interface DeletionSummary {
  /** Characters of text selected. */
  characters: number;
  /** Articles selected whole. */
  articles: number;
}

/** Asks the user, then applies the deletion with `proceed` (or not). */
export type ConfirmDeletion = (summary: DeletionSummary, proceed: () => void) => void;

/** A deletion of this share of the text or more asks first. */
const SHARE = 0.5;
/** Nor does a deletion of this many whole articles go without asking. */
const ARTICLES = 2;

/**
 * What deleting the selection would take away, when it is enough to ask
 * first (half the text, or several whole articles, as after Ctrl+A); null for
 * an ordinary deletion.
 */
export function largeDeletion(state: EditorState): DeletionSummary | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const total = textLength(state.doc, 0, state.doc.content.size);
  const characters = textLength(state.doc, from, to);
  let articles = 0;
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name == "clause" && pos >= from && pos + node.nodeSize <= to) articles++;
    return node.type.name != "clause";
  });
  return articles >= ARTICLES || (total > 0 && characters >= total * SHARE) ? { characters, articles } : null;
}

function textLength(doc: PMNode, from: number, to: number): number {
  return doc.textBetween(from, to, "", "").length;
}

/**
 * Backspace or Delete on a large selection: asks (`confirm`, the page's
 * dialog) before deleting. The selection stays while the dialog is open
 * (following remote edits), and is what gets deleted once confirmed.
 */
export function confirmLargeDeletion(confirm: ConfirmDeletion): Command {
  return (state, dispatch, view) => {
    const summary = largeDeletion(state);
    if (!summary) return false;
    if (dispatch && view)
      confirm(summary, () => {
        if (!view.isDestroyed && !view.state.selection.empty) view.dispatch(view.state.tr.deleteSelection().scrollIntoView());
      });
    return true;
  };
}

const guardKey = new PluginKey("largeDeletionGuard");

/**
 * The same question for the other ways of replacing a large selection at
 * once: cutting it, pasting or dropping over it, typing over it. The
 * change waits for the answer, then goes ahead only if the text did not
 * change meanwhile (else the user does it again, on what is there now).
 */
export function largeDeletionGuard(confirm: ConfirmDeletion): Plugin {
  let editor: EditorView | null = null;
  /** Replays a transaction made on `before`, if the document is still the one it was made on. */
  const replay = (before: EditorState, tr: Transaction) => () => {
    const view = editor;
    if (!view || view.isDestroyed || !view.state.doc.eq(before.doc)) return;
    const again = view.state.tr.setMeta(guardKey, true);
    for (const step of tr.steps) again.step(step);
    if (tr.selectionSet) again.setSelection(tr.selection.map(again.doc, new Mapping()));
    view.dispatch(again.scrollIntoView());
  };
  return new Plugin({
    key: guardKey,
    view(view) {
      editor = view;
      return { destroy: () => (editor = null) };
    },
    filterTransaction(tr, state) {
      if (!tr.docChanged || tr.getMeta(guardKey) || !["cut", "paste", "drop"].includes(tr.getMeta("uiEvent"))) return true;
      const summary = largeDeletion(state);
      if (!summary) return true;
      confirm(summary, replay(state, tr));
      return false;
    },
    props: {
      handleTextInput(view, from, to, text) {
        const { selection } = view.state;
        // Within one paragraph the browser has already typed over the selection in the page: let it be.
        // Across blocks, or everything (Ctrl+A), ProseMirror asks here before anything changes.
        if (from > selection.from || to < selection.to || (selection instanceof TextSelection && selection.$from.sameParent(selection.$to))) return false;
        const summary = largeDeletion(view.state);
        if (!summary) return false;
        confirm(summary, replay(view.state, view.state.tr.insertText(text, from, to)));
        return true;
      },
    },
  });
}
