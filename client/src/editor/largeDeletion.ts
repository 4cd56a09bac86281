import type { Node as PMNode } from "prosemirror-model";
import type { Command, EditorState } from "prosemirror-state";

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
