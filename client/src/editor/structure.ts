import type { Node as PMNode, ResolvedPos } from "prosemirror-model";
import { NodeSelection, Selection, TextSelection, type Command, type EditorState } from "prosemirror-state";
import { charterSchema as schema } from "../../../server/shared/schema.js";
import { newNodeId } from "../../../server/shared/ids.js";

/*
 * Commands that add to the charter's structure: sections (« Titre »),
 * clauses (« Article ») and commitments, and Enter in a heading.
 */

/** What a commitment says besides its text. */
export interface CommitmentAttrs {
  /** The responsible organisation's id, among the charter's signatories; null: to be assigned. */
  party: string | null;
  /** Due date, `YYYY-MM-DD`. */
  due: string | null;
  indicator: string | null;
}

/** Depth of the innermost ancestor of `$pos` of the given type, or -1. */
export function ancestorDepth($pos: ResolvedPos, type: string): number {
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).type.name == type) return d;
  return -1;
}

/**
 * Adds an empty section after the one holding the cursor (from the title or
 * the preamble: before the first section), and puts the cursor in its heading.
 */
export const insertSection: Command = (state, dispatch) => {
  const { $from } = state.selection;
  const depth = ancestorDepth($from, "section");
  const pos = depth > 0 ? $from.after(depth) : firstSectionPos(state.doc);
  if (dispatch) {
    const section = schema.nodes.section.create(null, schema.nodes.section_heading.create());
    const tr = state.tr.insert(pos, section);
    dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 2)).scrollIntoView());
  }
  return true;
};

/**
 * Adds a clause after the one holding the cursor, or at the end of the
 * current section; with a new id, an empty heading (where the cursor goes)
 * and an empty paragraph. Not possible outside sections.
 */
export function insertClause(newId: () => string = () => newNodeId("cl")): Command {
  return (state, dispatch) => {
    const pos = clauseInsertPos(state);
    if (pos == null) return false;
    if (dispatch) {
      const clause = schema.nodes.clause.create({ id: newId() }, [schema.nodes.clause_heading.create(), schema.nodes.paragraph.create()]);
      const tr = state.tr.insert(pos, clause);
      dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 2)).scrollIntoView());
    }
    return true;
  };
}

function clauseInsertPos(state: EditorState): number | null {
  const { selection } = state;
  if (selection instanceof NodeSelection && selection.node.type.name == "clause") return selection.to;
  const { $from } = selection;
  const clause = ancestorDepth($from, "clause");
  if (clause > 0) return $from.after(clause);
  const section = ancestorDepth($from, "section");
  if (section > 0) return $from.end(section);
  if (selection instanceof NodeSelection && selection.node.type.name == "section") return selection.to - 1;
  return null;
}

/**
 * Adds a commitment to the clause holding the cursor, after the block the
 * cursor is in (or in place of the empty paragraph the cursor is in, or that
 * follows the heading), with a new id and the given attributes, and puts the
 * cursor in its (empty) text. Not possible outside clauses.
 */
export function insertCommitment(attrs: CommitmentAttrs, newId: () => string = () => newNodeId("en")): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    const clause = ancestorDepth($from, "clause");
    if (clause < 0) return false;
    if (dispatch) {
      let from = $from.depth > clause ? $from.after(clause + 1) : $from.pos;
      let to = from;
      if ($from.depth > clause) {
        const block = $from.node(clause + 1);
        const next = state.doc.resolve(from).nodeAfter;
        if (isEmptyParagraph(block)) from = $from.before(clause + 1);
        else if (block.type.name == "clause_heading" && next && isEmptyParagraph(next)) to = from + next.nodeSize;
      }
      const tr = state.tr.replaceWith(from, to, schema.nodes.commitment.create({ id: newId(), ...attrs }));
      dispatch(tr.setSelection(TextSelection.create(tr.doc, from + 1)).scrollIntoView());
    }
    return true;
  };
}

function isEmptyParagraph(node: PMNode): boolean {
  return node.type.name == "paragraph" && node.content.size == 0;
}

/** The commitment holding the cursor (or selected), with its position. */
export function commitmentAt(state: EditorState): { pos: number; node: PMNode } | null {
  const { selection } = state;
  if (selection instanceof NodeSelection && selection.node.type.name == "commitment") return { pos: selection.from, node: selection.node };
  const depth = ancestorDepth(selection.$from, "commitment");
  return depth > 0 ? { pos: selection.$from.before(depth), node: selection.$from.node(depth) } : null;
}

/** The commitment with this id, found anew (positions move under remote edits, ids do not). */
export function findCommitment(doc: PMNode, id: string): { pos: number; node: PMNode } | null {
  let found: { pos: number; node: PMNode } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (node.type.name == "commitment" && node.attrs.id == id) found = { pos, node };
    return node.type.name == "section" || node.type.name == "clause";
  });
  return found;
}

/** Changes the responsible organisation, due date and indicator of a commitment (its id and text stay). */
export function updateCommitment(id: string, attrs: CommitmentAttrs): Command {
  return (state, dispatch) => {
    const found = findCommitment(state.doc, id);
    if (!found) return false;
    if (dispatch) {
      // Attribute steps leave positions alone, so the id plugin sees the same node.
      const tr = state.tr;
      for (const key of ["party", "due", "indicator"] as const)
        if (found.node.attrs[key] !== attrs[key]) tr.setNodeAttribute(found.pos, key, attrs[key]);
      dispatch(tr);
    }
    return true;
  };
}

const HEADINGS = new Set(["title", "section_heading", "clause_heading"]);

/**
 * Enter at the end of a heading starts a new paragraph: right after a clause
 * heading (before the article's text), or after a section heading (the
 * section's introduction), with the cursor in it; an empty paragraph already
 * there is used rather than a second one. From the title, the cursor goes to
 * the preamble. Elsewhere in a heading it returns false, and `splitBlock`
 * splits the heading, whose second half becomes a paragraph (the schema
 * allows no second heading).
 */
export const enterFromHeading: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  const heading = $to.parent;
  if (!HEADINGS.has(heading.type.name) || $to.parentOffset < heading.content.size) return false;
  if (!$from.sameParent($to)) return false;
  if (dispatch) {
    const tr = state.tr;
    if (!state.selection.empty) tr.deleteSelection();
    const after = tr.mapping.map($to.after());
    const next = tr.doc.resolve(after).nodeAfter;
    if (heading.type.name == "title") {
      // The preamble always follows the title and holds at least one block.
      tr.setSelection(Selection.findFrom(tr.doc.resolve(after), 1, true) ?? tr.selection);
    } else if (next && isEmptyParagraph(next)) {
      tr.setSelection(TextSelection.create(tr.doc, after + 1));
    } else {
      tr.insert(after, schema.nodes.paragraph.create());
      tr.setSelection(TextSelection.create(tr.doc, after + 1));
    }
    dispatch(tr.scrollIntoView());
  }
  return true;
};

/** Shift-Enter: a line break within the paragraph, where the schema allows one. */
export const insertHardBreak: Command = (state, dispatch) => {
  const { $from } = state.selection;
  if (!$from.parent.canReplaceWith($from.index(), $from.index(), schema.nodes.hard_break)) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView());
  return true;
};

function firstSectionPos(doc: PMNode): number {
  let pos = 0;
  for (let i = 0; i < doc.childCount; i++) {
    if (doc.child(i).type.name == "section") return pos;
    pos += doc.child(i).nodeSize;
  }
  return pos;
}
