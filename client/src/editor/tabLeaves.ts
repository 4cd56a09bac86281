import { Plugin, PluginKey, type Command } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";

/**
 * Tab and the charter editor (RGAA 12.13, WCAG 2.1.2 « no keyboard trap »).
 *
 * Tab is the browser's everywhere in the text: it moves the focus out of the
 * editor, to the next control in the page's order (Shift+Tab to the one
 * before). The one exception is a list item, where Tab indents and Shift+Tab
 * outdents, as in every word processor; there, Escape then Tab (or Shift+Tab)
 * leaves all the same, and Ctrl+] / Ctrl+[ and the toolbar's « Augmenter le
 * retrait » / « Diminuer le retrait » indent without Tab. The editor's
 * accessible description says so (`TAB_HELP`).
 */
export const TAB_HELP =
  "Tab quitte le texte. Dans une liste, Tab augmente le retrait et Maj+Tab le diminue ; appuyez sur Échap puis Tab pour quitter le texte.";

const key = new PluginKey("tabLeaves");

/** Views whose last key was Escape; and those where the Tab being handled should leave the editor. */
const escaped = new WeakMap<EditorView, boolean>();
const leaving = new WeakMap<EditorView, boolean>();

/** Watches for Escape before Tab; it must come before the keymap that holds `unlessLeaving` commands. */
export function tabLeavesPlugin(): Plugin {
  return new Plugin({
    key,
    props: {
      handleKeyDown(view, event) {
        leaving.set(view, event.key == "Tab" && !!escaped.get(view));
        escaped.set(view, event.key == "Escape");
        return false;
      },
    },
  });
}

/** `command`, except on a Tab after Escape, which it lets through to the browser (and so out of the editor). */
export function unlessLeaving(command: Command): Command {
  return (state, dispatch, view) => {
    if (view && leaving.get(view)) return false;
    return command(state, dispatch, view);
  };
}
