import { expect } from "chai";
import type { Node as PMNode } from "prosemirror-model";
import { EditorState, TextSelection, type Command } from "prosemirror-state";
import { chainCommands, splitBlock } from "prosemirror-commands";
import { charterSchema as schema } from "../../server/shared/schema.js";
import { numberCharter } from "../../server/shared/numbering.js";
import {
  enterFromHeading, insertClause, insertCommitment, insertSection, updateCommitment, commitmentAt,
} from "../../client/src/editor/structure.js";
import { linkAt, removeLink, setLink, toggleList } from "../../client/src/editor/formatting.js";
import { charter, clause, commitment, p, section } from "../helpers/docs.js";

/** Position just after the first occurrence of `text` in the document (or `offset` characters into it). */
function at(doc: PMNode, text: string, offset = text.length): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text) + offset;
    return found < 0;
  });
  if (found < 0) throw new RangeError(`No text « ${text} »`);
  return found;
}

function stateAt(doc: PMNode, text: string, offset?: number): EditorState {
  return EditorState.create({ doc, selection: TextSelection.create(doc, at(doc, text, offset)) });
}

/** Runs a command; returns the new state (checked against the schema), or null if it could not run. */
function run(state: EditorState, command: Command): EditorState | null {
  let next: EditorState | null = null;
  const ok = command(state, (tr) => (next = state.apply(tr)));
  if (!ok) return null;
  next!.doc.check();
  return next;
}

const headings = (doc: PMNode) => numberCharter(doc).map((e) => `${e.kind == "section" ? "T" : "A"}${e.number} ${e.heading}`);

describe("client: editor commands", () => {
  const base = () =>
    charter(
      section("Objet", p("Introduction"), clause("cl-a", "Premier", p("Texte un"), commitment("en-a", "org-1", "La CAF s'engage")), clause("cl-b", "Second", p(""))),
      section("Moyens", clause("cl-c", "Troisième", p("Texte trois"))),
    );

  it("adds a clause after the current one, renumbering the following articles", () => {
    const next = run(stateAt(base(), "Texte un"), insertClause(() => "cl-new"))!;
    expect(headings(next.doc)).to.deep.equal(["T1 Objet", "A1 Premier", "A2 ", "A3 Second", "T2 Moyens", "A4 Troisième"]);
    expect(next.doc.nodeAt(numberCharter(next.doc)[2].pos)!.attrs.id).to.equal("cl-new");
    expect(next.selection.$from.parent.type.name).to.equal("clause_heading");
  });

  it("adds a clause at the end of the section from its heading or introduction, and nowhere outside sections", () => {
    const next = run(stateAt(base(), "Introduction"), insertClause(() => "cl-new"))!;
    expect(headings(next.doc).slice(0, 5)).to.deep.equal(["T1 Objet", "A1 Premier", "A2 Second", "A3 ", "T2 Moyens"]);
    expect(run(stateAt(base(), "Vu la loi"), insertClause())).to.equal(null);
  });

  it("adds a section after the current one, or first from the preamble", () => {
    expect(headings(run(stateAt(base(), "Texte un"), insertSection)!.doc).filter((h) => h.startsWith("T"))).to.deep.equal(["T1 Objet", "T2 ", "T3 Moyens"]);
    expect(headings(run(stateAt(base(), "Vu la loi"), insertSection)!.doc).filter((h) => h.startsWith("T"))).to.deep.equal(["T1 ", "T2 Objet", "T3 Moyens"]);
  });

  it("adds a commitment after the current paragraph, with its attributes", () => {
    const next = run(stateAt(base(), "Texte trois"), insertCommitment({ party: "org-2", due: "2028-12-31", indicator: "Délai" }, () => "en-new"))!;
    const found = commitmentAt(next)!;
    expect(found.node.attrs).to.deep.equal({ id: "en-new", party: "org-2", due: "2028-12-31", indicator: "Délai" });
    expect(next.doc.resolve(found.pos).index()).to.equal(2);
  });

  it("turns the empty paragraph holding the cursor into the commitment", () => {
    const doc = base();
    const emptyPos = at(doc, "Second") + 2; // into the empty paragraph after « Second »
    const state = EditorState.create({ doc, selection: TextSelection.create(doc, emptyPos) });
    expect(state.selection.$from.parent.type.name).to.equal("paragraph");
    const next = run(state, insertCommitment({ party: null, due: null, indicator: null }, () => "en-new"))!;
    const second = next.doc.resolve(commitmentAt(next)!.pos).parent;
    expect(second.childCount).to.equal(2);
    expect(second.child(1).type.name).to.equal("commitment");
  });

  it("adds no commitment outside a clause", () => {
    expect(run(stateAt(base(), "Introduction"), insertCommitment({ party: null, due: null, indicator: null }))).to.equal(null);
  });

  it("changes a commitment's attributes and keeps its id and text", () => {
    const next = run(stateAt(base(), "Texte un"), updateCommitment("en-a", { party: "org-9", due: null, indicator: "Nombre" }))!;
    const found = next.doc.nodeAt(at(next.doc, "La CAF", 0) - 1)!;
    expect(found.attrs).to.deep.equal({ id: "en-a", party: "org-9", due: null, indicator: "Nombre" });
    expect(found.textContent).to.equal("La CAF s'engage");
  });

  it("starts a new paragraph at the end of a clause heading, before the article's text, with the cursor in it", () => {
    const next = run(stateAt(base(), "Premier"), enterFromHeading)!;
    const clauseNode = next.selection.$from.node(-1);
    expect(clauseNode.attrs.id).to.equal("cl-a");
    expect(clauseNode.child(1).content.size).to.equal(0);
    expect(clauseNode.child(2).textContent).to.equal("Texte un");
    expect(next.selection.$from.parent).to.equal(clauseNode.child(1));
    expect(next.selection.$from.parent.type.name).to.equal("paragraph");
  });

  it("uses the empty paragraph after a clause heading rather than adding another", () => {
    const state = stateAt(base(), "Second");
    const next = run(state, enterFromHeading)!;
    expect(next.doc.eq(state.doc)).to.equal(true);
    expect(next.selection.$from.parent.type.name).to.equal("paragraph");
    expect(next.selection.$from.node(-1).attrs.id).to.equal("cl-b");
  });

  it("starts an introduction paragraph at the end of a section heading", () => {
    const next = run(stateAt(base(), "Moyens"), enterFromHeading)!;
    const sectionNode = next.selection.$from.node(-1);
    expect(sectionNode.type.name).to.equal("section");
    expect(sectionNode.child(1).type.name).to.equal("paragraph");
    expect(sectionNode.child(2).type.name).to.equal("clause");
    expect(next.selection.$from.parent).to.equal(sectionNode.child(1));
    expect(headings(next.doc)).to.deep.equal(headings(base()));
  });

  it("creates the first paragraph when the heading is followed by something else", () => {
    const doc = charter(section("Objet", clause("cl-a", "Premier", commitment("en-a", "org-1"))));
    const next = run(stateAt(doc, "Premier"), enterFromHeading)!;
    const clauseNode = next.doc.resolve(next.selection.from).node(2);
    expect(clauseNode.child(1).type.name).to.equal("paragraph");
    expect(next.selection.$from.parent.type.name).to.equal("paragraph");
  });

  it("splits a heading in the middle into heading and paragraph, never two headings", () => {
    const enter = chainCommands(enterFromHeading, splitBlock);
    const next = run(stateAt(base(), "Premier", 3), enter)!;
    expect(headings(next.doc)[1]).to.equal("A1 Pre");
    expect(next.selection.$from.parent.type.name).to.equal("paragraph");
    expect(next.selection.$from.parent.textContent).to.equal("mier");
  });

  it("wraps a paragraph in a list, switches its kind, and unwraps it", () => {
    const bullet = toggleList(schema.nodes.bullet_list);
    const ordered = toggleList(schema.nodes.ordered_list);
    const wrapped = run(stateAt(base(), "Texte trois"), bullet)!;
    expect(wrapped.selection.$from.node(-2).type.name).to.equal("bullet_list");
    const switched = run(wrapped, ordered)!;
    expect(switched.selection.$from.node(-2).type.name).to.equal("ordered_list");
    const unwrapped = run(switched, ordered)!;
    expect(unwrapped.selection.$from.node(-1).type.name).to.equal("clause");
  });

  it("adds a link on a selection, finds it around the cursor, and removes it whole", () => {
    const doc = base();
    const from = at(doc, "Texte un", 0);
    const state = EditorState.create({ doc, selection: TextSelection.create(doc, from, from + 5) });
    expect(run(state, setLink("javascript:alert(1)"))).to.equal(null);
    const linked = run(state, setLink("https://www.service-public.fr"))!;
    const inside = linked.apply(linked.tr.setSelection(TextSelection.create(linked.doc, from + 2)));
    expect(linkAt(inside)).to.deep.equal({ from, to: from + 5, href: "https://www.service-public.fr" });
    const unlinked = run(inside, removeLink)!;
    expect(linkAt(unlinked)).to.equal(null);
    expect(unlinked.doc.rangeHasMark(from, from + 5, schema.marks.link)).to.equal(false);
  });
});
