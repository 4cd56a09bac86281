import { expect } from "chai";
import * as Y from "yjs";
import type { Node as PMNode } from "prosemirror-model";
import { Fragment, Slice } from "prosemirror-model";
import { ReplaceStep, Transform } from "prosemirror-transform";
import { initProseMirrorDoc, prosemirrorToYXmlFragment } from "y-prosemirror";
import { charterSchema as schema } from "../../server/shared/schema.js";
import { newNodeId } from "../../server/shared/ids.js";
import { repairNodeIds, derivedId, type NodeIdChange } from "../../client/src/editor/nodeIds.js";
import { charter, clause, commitment, p, section } from "../helpers/docs.js";

/** Ids of clauses and commitments in document order. */
function ids(doc: PMNode): (string | null)[] {
  const out: (string | null)[] = [];
  doc.descendants((node) => {
    if (node.type.name == "clause" || node.type.name == "commitment") out.push(node.attrs.id);
    return true;
  });
  return out;
}

function applyChanges(doc: PMNode, changes: NodeIdChange[]): PMNode {
  const tr = new Transform(doc);
  for (const { pos, id } of changes) tr.setNodeAttribute(pos, "id", id);
  return tr.doc;
}

/** Position of the n-th node of a type. */
function posOf(doc: PMNode, type: string, n = 0): number {
  let found = -1;
  let seen = 0;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.type.name == type && seen++ == n) found = pos;
    return true;
  });
  if (found < 0) throw new RangeError(`No ${type} number ${n}`);
  return found;
}

const local = (tr: Transform) => ({ before: { doc: tr.before, mapping: tr.mapping }, newId: newNodeId });

describe("client: clause and commitment ids", () => {
  const base = () =>
    charter(
      section("Objet", clause("cl-a", "Premier", p("un deux"), commitment("en-a", "org-1")), clause("cl-b", "Second", p())),
      section("Moyens", clause("cl-c", "Troisième", p())),
    );

  it("changes nothing in a document whose ids are unique", () => {
    expect(repairNodeIds(base())).to.deep.equal([]);
  });

  it("keeps the id on the first half of a split clause and gives the second half a new one", () => {
    const doc = base();
    // What splitting the first clause before its commitment does: close it, and open a copy with a heading.
    const first = doc.nodeAt(posOf(doc, "clause", 0))!;
    const heading = schema.node("clause_heading", null, [schema.text("Suite")]);
    const at = posOf(doc, "commitment", 0);
    const tr = new Transform(doc).step(new ReplaceStep(at, at, new Slice(Fragment.from([first.copy(Fragment.empty), first.copy(Fragment.from(heading))]), 1, 1)));
    expect(tr.doc.childCount).to.equal(doc.childCount);
    expect(ids(tr.doc).filter((id) => id == "cl-a")).to.have.length(2);
    const repaired = applyChanges(tr.doc, repairNodeIds(tr.doc, local(tr)));
    const after = ids(repaired);
    expect(after[0]).to.equal("cl-a");
    expect(after.filter((id) => id == "cl-a")).to.have.length(1);
    expect(new Set(after).size).to.equal(after.length);
  });

  it("gives a clause pasted before its original a new id, the original keeping its own", () => {
    const doc = base();
    const original = doc.nodeAt(posOf(doc, "clause", 0))!;
    const tr = new Transform(doc).insert(posOf(doc, "clause", 0), original);
    const changes = repairNodeIds(tr.doc, local(tr));
    const repaired = applyChanges(tr.doc, changes);
    // The copy is first in the document, the original (with its commitment) second.
    expect(repaired.nodeAt(posOf(repaired, "clause", 1))!.attrs.id).to.equal("cl-a");
    expect(repaired.nodeAt(posOf(repaired, "clause", 0))!.attrs.id).to.match(/^cl-[\w-]{9}$/).and.not.equal("cl-a");
    expect(repaired.nodeAt(posOf(repaired, "commitment", 1))!.attrs.id).to.equal("en-a");
    expect(repaired.nodeAt(posOf(repaired, "commitment", 0))!.attrs.id).to.match(/^en-/).and.not.equal("en-a");
  });

  it("gives an id to a clause or commitment that has none", () => {
    const doc = charter(section("Objet", schema.node("clause", { id: null }, [schema.node("clause_heading"), commitment("", "org-1")])));
    const changes = repairNodeIds(doc);
    expect(changes).to.have.length(2);
    const repaired = applyChanges(doc, changes);
    expect(ids(repaired)[0]).to.match(/^cl-/);
    expect(ids(repaired)[1]).to.match(/^en-/);
  });

  it("keeps every id through a move of a clause to another section", () => {
    const doc = base();
    const from = posOf(doc, "clause", 0);
    const node = doc.nodeAt(from)!;
    const tr = new Transform(doc);
    tr.insert(posOf(doc, "clause", 2) + doc.nodeAt(posOf(doc, "clause", 2))!.nodeSize, node);
    tr.delete(from, from + node.nodeSize);
    expect(repairNodeIds(tr.doc, local(tr))).to.deep.equal([]);
    expect(ids(tr.doc)).to.deep.equal(["cl-b", "cl-c", "cl-a", "en-a"]);
  });

  it("repairs remote duplicates identically on every client: first occurrence keeps the id", () => {
    const doc = charter(section("Objet", clause("cl-x", "Un", p()), clause("cl-x", "Deux", p()), clause("cl-x", "Trois", commitment("en-y", null), commitment("en-y", null))));
    const first = repairNodeIds(doc);
    const second = repairNodeIds(PMNodeFromJSON(doc.toJSON()));
    expect(second).to.deep.equal(first);
    const repaired = ids(applyChanges(doc, first));
    expect(repaired[0]).to.equal("cl-x");
    expect(repaired[1]).to.equal(derivedId("cl", "cl-x", 1));
    expect(repaired[2]).to.equal(derivedId("cl", "cl-x", 2));
    expect(repaired[3]).to.equal("en-y");
    expect(new Set(repaired).size).to.equal(repaired.length);
  });

  it("never derives an id that is already in use", () => {
    const taken = derivedId("cl", "cl-x", 1);
    const doc = charter(section("Objet", clause("cl-x", "Un"), clause(taken, "Déjà réparé"), clause("cl-x", "Copie")));
    const repaired = ids(applyChanges(doc, repairNodeIds(doc)));
    expect(repaired.slice(0, 2)).to.deep.equal(["cl-x", taken]);
    expect(repaired[2]).to.match(/^cl-/).and.not.be.oneOf(["cl-x", taken]);
  });

  it("leaves every id unique, however many copies", () => {
    const clauses = [];
    for (let i = 0; i < 40; i++) clauses.push(clause(`cl-${i % 4}`, `Article ${i}`, commitment(i % 3 ? `en-${i % 5}` : "", "org")));
    const doc = charter(section("Tout", ...clauses));
    for (const options of [{}, { newId: newNodeId }]) {
      const repaired = ids(applyChanges(doc, repairNodeIds(doc, options)));
      expect(new Set(repaired).size).to.equal(repaired.length);
      expect(repaired.every((id) => id)).to.equal(true);
    }
  });

  it("converges when two clients paste the same clause concurrently and both repair", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    prosemirrorToYXmlFragment(base(), a.getXmlFragment("prosemirror"));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    // Each client pastes a copy of the first clause at the end of a section, offline.
    for (const [ydoc, sectionIndex] of [[a, 0], [b, 1]] as const) {
      const sectionEl = ydoc.getXmlFragment("prosemirror").get(2 + sectionIndex) as Y.XmlElement;
      const tmp = new Y.Doc();
      prosemirrorToYXmlFragment(charter(section("x", clause("cl-a", "Copie", commitment("en-a", "org-1")))), tmp.getXmlFragment("prosemirror"));
      const copied = ((tmp.getXmlFragment("prosemirror").get(2) as Y.XmlElement).get(1) as Y.XmlElement).clone();
      sectionEl.insert(sectionEl.length, [copied]);
    }
    sync(a, b);
    // Both see the same document with duplicates; each repairs on its own.
    for (const ydoc of [a, b]) repairYDoc(ydoc);
    sync(a, b);
    const docA = initProseMirrorDoc(a.getXmlFragment("prosemirror"), schema).doc;
    const docB = initProseMirrorDoc(b.getXmlFragment("prosemirror"), schema).doc;
    expect(docA.eq(docB)).to.equal(true);
    const final = ids(docA);
    expect(new Set(final).size).to.equal(final.length);
    expect(repairNodeIds(docA)).to.deep.equal([]);
  });
});

function PMNodeFromJSON(json: unknown): PMNode {
  return schema.nodeFromJSON(json as Parameters<typeof schema.nodeFromJSON>[0]);
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

/** What the editor does on a remote change: repair the ProseMirror view of the doc, and write the new ids back to Yjs. */
function repairYDoc(ydoc: Y.Doc): void {
  const { doc, mapping } = initProseMirrorDoc(ydoc.getXmlFragment("prosemirror"), schema);
  const elementOf = new Map<PMNode, Y.XmlElement>();
  for (const [type, node] of mapping) if (type instanceof Y.XmlElement && !Array.isArray(node)) elementOf.set(node as PMNode, type);
  ydoc.transact(() => {
    for (const { pos, id } of repairNodeIds(doc)) elementOf.get(doc.nodeAt(pos)!)!.setAttribute("id", id);
  });
}
