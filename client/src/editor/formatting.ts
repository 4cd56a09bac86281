import type { MarkType, NodeType } from "prosemirror-model";
import type { Command, EditorState } from "prosemirror-state";
import { toggleMark } from "prosemirror-commands";
import { liftListItem, sinkListItem, wrapInList } from "prosemirror-schema-list";
import { charterSchema as schema } from "../../../server/shared/schema.js";

/*
 * Text formatting commands: bold, italic, lists and links, as the schema
 * allows them (headings take no marks, commitments no lists).
 */

export const toggleStrong: Command = toggleMark(schema.marks.strong);
export const toggleEm: Command = toggleMark(schema.marks.em);

/** Whether the selection is (or, empty, will type) in the mark. */
export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** The type of the innermost list holding the cursor, if any. */
export function listTypeAt(state: EditorState): NodeType | null {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const type = $from.node(d).type;
    if (type == schema.nodes.bullet_list || type == schema.nodes.ordered_list) return type;
  }
  return null;
}

/**
 * Makes the current paragraphs a list of `type`; in such a list already,
 * takes the items out of it; in the other kind of list, changes its kind.
 */
export function toggleList(type: NodeType): Command {
  const wrap = wrapInList(type);
  return (state, dispatch) => {
    const current = listTypeAt(state);
    if (current == type) return liftListItem(schema.nodes.list_item)(state, dispatch);
    if (current) {
      const { $from } = state.selection;
      for (let d = $from.depth; d > 0; d--) {
        if ($from.node(d).type != current) continue;
        if (dispatch) dispatch(state.tr.setNodeMarkup($from.before(d), type));
        return true;
      }
    }
    return wrap(state, dispatch);
  };
}

export const liftItem: Command = liftListItem(schema.nodes.list_item);
export const sinkItem: Command = sinkListItem(schema.nodes.list_item);

/** Whether a link target is one the charter accepts (the server refuses others). */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/\S+|mailto:\S+)$/i.test(href);
}

/** The link around the cursor (or the selection's start): its extent and target. */
export function linkAt(state: EditorState): { from: number; to: number; href: string } | null {
  const { $from } = state.selection;
  const type = schema.marks.link;
  const parent = $from.parent;
  const mark = type.isInSet($from.marks()) ?? type.isInSet($from.nodeAfter?.marks ?? []);
  if (!mark) return null;
  // The link's extent: the run of siblings around the cursor that carry this very mark.
  const start = $from.start();
  let from = -1;
  let to = -1;
  let offset = 0;
  for (let i = 0; i < parent.childCount; i++) {
    const child = parent.child(i);
    const childFrom = start + offset;
    offset += child.nodeSize;
    if (mark.isInSet(child.marks)) {
      if (from < 0) from = childFrom;
      to = start + offset;
    } else if (from >= 0) {
      if (to >= $from.pos) break;
      from = -1;
    }
  }
  return from < 0 ? null : { from, to, href: mark.attrs.href as string };
}

/** Whether a link can be added or changed here: a selection in text that takes marks, or the cursor in a link. */
export function canLink(state: EditorState): boolean {
  if (linkAt(state)) return true;
  const { from, to, empty } = state.selection;
  if (empty) return false;
  let allowed = false;
  state.doc.nodesBetween(from, to, (node) => {
    if (node.inlineContent && node.type.allowsMarkType(schema.marks.link)) allowed = true;
    return !allowed;
  });
  return allowed;
}

/** Puts a link on the selection, or changes the target of the link around the cursor. */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    if (!isSafeHref(href) || !canLink(state)) return false;
    if (dispatch) {
      const around = state.selection.empty ? linkAt(state) : null;
      const { from, to } = around ?? state.selection;
      const type = schema.marks.link;
      dispatch(state.tr.removeMark(from, to, type).addMark(from, to, type.create({ href })).scrollIntoView());
    }
    return true;
  };
}

/** Takes the link off the selection, or off the whole link around the cursor. */
export const removeLink: Command = (state, dispatch) => {
  const around = state.selection.empty ? linkAt(state) : null;
  const { from, to } = around ?? state.selection;
  if (!around && !state.doc.rangeHasMark(from, to, schema.marks.link)) return false;
  if (dispatch) dispatch(state.tr.removeMark(from, to, schema.marks.link));
  return true;
};
