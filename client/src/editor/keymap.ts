import type { Command } from "prosemirror-state";
import { chainCommands } from "prosemirror-commands";
import { splitListItem } from "prosemirror-schema-list";
import { redoCommand, undoCommand } from "y-prosemirror";
import { charterSchema as schema } from "../../../server/shared/schema.js";
import { enterFromHeading, insertClause, insertHardBreak, insertSection } from "./structure.js";
import { liftItem, sinkItem, toggleEm, toggleList, toggleStrong } from "./formatting.js";
import { unlessLeaving } from "./tabLeaves.js";
import { confirmLargeDeletion, type ConfirmDeletion } from "./largeDeletion.js";

/** Shortcuts that open a form rather than change the document: the page provides them. */
export interface KeymapActions {
  /** Opens the form to add a commitment (or change the one holding the cursor). */
  commitment: Command;
  /** Opens the form to add or change a link. */
  link: Command;
  /** Asks before deleting most of the text at once (Ctrl+A then Backspace); without it, such deletions go ahead. */
  confirmDeletion?: ConfirmDeletion;
}

/**
 * The charter editor's shortcuts, as shown in the toolbar's
 * `aria-keyshortcuts` (see `SHORTCUTS`). Undo and redo are Yjs's, so that
 * they only undo this user's own edits.
 */
export function charterKeymap(actions: KeymapActions): Record<string, Command> {
  const deletions: Record<string, Command> = {};
  if (actions.confirmDeletion) {
    const ask = confirmLargeDeletion(actions.confirmDeletion);
    for (const key of ["Backspace", "Delete", "Mod-Backspace", "Mod-Delete", "Shift-Backspace", "Shift-Delete"]) deletions[key] = ask;
  }
  return {
    ...deletions,
    "Mod-z": undoCommand,
    "Mod-y": redoCommand,
    "Mod-Shift-z": redoCommand,
    "Mod-b": toggleStrong,
    "Mod-i": toggleEm,
    "Mod-k": actions.link,
    "Shift-Mod-8": toggleList(schema.nodes.bullet_list),
    "Shift-Mod-9": toggleList(schema.nodes.ordered_list),
    "Mod-[": liftItem,
    "Mod-]": sinkItem,
    // Tab only indents inside lists (and not after Escape); elsewhere it leaves the editor: see tabLeaves.ts.
    Tab: unlessLeaving(sinkItem),
    "Shift-Tab": unlessLeaving(liftItem),
    Enter: chainCommands(enterFromHeading, splitListItem(schema.nodes.list_item)),
    "Shift-Enter": insertHardBreak,
    "Alt-Shift-t": insertSection,
    "Alt-Shift-a": insertClause(),
    "Alt-Shift-e": actions.commitment,
  };
}

/** The toolbar's shortcuts, in the keymap's notation. */
export const SHORTCUTS = {
  section: "Alt-Shift-T",
  clause: "Alt-Shift-A",
  commitment: "Alt-Shift-E",
  strong: "Mod-B",
  em: "Mod-I",
  bulletList: "Shift-Mod-8",
  orderedList: "Shift-Mod-9",
  lift: "Mod-[",
  sink: "Mod-]",
  link: "Mod-K",
  undo: "Mod-Z",
  redo: "Mod-Y",
} as const;

const MAC = typeof navigator != "undefined" && /Mac|iP(hone|[oa]d)/.test(navigator.platform);

/** A shortcut as `aria-keyshortcuts` wants it (« Control+Shift+8 ») and as French keyboards label it (« Ctrl+Maj+8 »). */
export function describeShortcut(keys: string): { aria: string; label: string } {
  const parts = keys.split("-");
  const aria = parts.map((p) => (p == "Mod" ? (MAC ? "Meta" : "Control") : p)).join("+");
  const label = parts.map((p) => (p == "Mod" ? (MAC ? "Cmd" : "Ctrl") : p == "Shift" ? "Maj" : p)).join("+");
  return { aria, label };
}
