import { expect } from "chai";
import * as Y from "yjs";
import { prosemirrorToYDoc } from "y-prosemirror";
import { isTextOnlyUpdate, MalformedUpdateError, PendingUpdateError, validateUpdate } from "../../server/collab/updateValidator.js";
import { InvalidDocumentError } from "../../server/shared/validate.js";
import { charter, clause, commitment, p, section } from "../helpers/docs.js";

/** A server doc, and a client doc in sync with it. */
function pair() {
  const server = prosemirrorToYDoc(charter(section("Titre", clause("cl-1", "Objet", p("Le texte."), commitment("en-1", "org", "La CAF s'engage")))), "prosemirror");
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}
/** The update a change on the client produces. */
function updateOf(client: Y.Doc, change: (fragment: Y.XmlFragment) => void): Uint8Array {
  const before = Y.encodeStateVector(client);
  change(client.getXmlFragment("prosemirror"));
  return Y.encodeStateAsUpdate(client, before);
}
const clauseEl = (f: Y.XmlFragment) => (f.get(2) as Y.XmlElement).get(1) as Y.XmlElement;
const paragraphText = (f: Y.XmlFragment) => (clauseEl(f).get(1) as Y.XmlElement).get(0) as Y.XmlText;
const headingText = (f: Y.XmlFragment) => (clauseEl(f).get(0) as Y.XmlElement).get(0) as Y.XmlText;

describe("update validation", () => {
  it("refuses an empty delete range, which Yjs decodes but throws on half-way through applying (found by the protocol fuzz)", () => {
    const { server } = pair();
    // No structs; a delete set of one range, client 999, clock 5, length 0.
    const update = new Uint8Array([0, 1, 0xe7, 0x07, 1, 5, 0]);
    expect(() => Y.applyUpdate(new Y.Doc(), update)).to.throw();
    const before = Y.encodeStateAsUpdate(server);
    expect(() => validateUpdate(server, update)).to.throw(MalformedUpdateError);
    expect(Y.encodeStateAsUpdate(server)).to.deep.equal(before);
  });

  it("recognises typing and deleting text as text-only", () => {
    const { server, client } = pair();
    for (const change of [(f: Y.XmlFragment) => paragraphText(f).insert(3, "nouveau "), (f: Y.XmlFragment) => paragraphText(f).delete(0, 3)]) {
      const update = updateOf(client, change);
      expect(isTextOnlyUpdate(server, Y.decodeUpdate(update))).to.equal(true);
      validateUpdate(server, update);
      Y.applyUpdate(server, update);
    }
  });

  it("accepts bold in a paragraph and refuses it in a heading", () => {
    const { server, client } = pair();
    const bold = updateOf(client, (f) => paragraphText(f).format(0, 2, { strong: {} }));
    expect(isTextOnlyUpdate(server, Y.decodeUpdate(bold))).to.equal(true);
    validateUpdate(server, bold);
    Y.applyUpdate(server, bold);
    const inHeading = updateOf(client, (f) => headingText(f).format(0, 2, { strong: {} }));
    expect(isTextOnlyUpdate(server, Y.decodeUpdate(inHeading))).to.equal(false);
    expect(() => validateUpdate(server, inHeading)).to.throw(InvalidDocumentError);
  });

  it("checks structural changes against the schema on a copy, leaving the document untouched", () => {
    const { server, client } = pair();
    const before = Y.encodeStateAsUpdate(server);
    const newClause = updateOf(client, (f) => {
      const el = new Y.XmlElement("clause");
      el.setAttribute("id", "cl-2");
      const heading = new Y.XmlElement("clause_heading");
      heading.insert(0, [new Y.XmlText("Nouvel article")]);
      el.insert(0, [heading]);
      (f.get(2) as Y.XmlElement).insert(2, [el]);
    });
    expect(isTextOnlyUpdate(server, Y.decodeUpdate(newClause))).to.equal(false);
    validateUpdate(server, newClause);
    expect(Y.encodeStateAsUpdate(server)).to.deep.equal(before);
    const other = pair();
    const headless = updateOf(other.client, (f) => clauseEl(f).delete(0, 1));
    expect(() => validateUpdate(other.server, headless)).to.throw(InvalidDocumentError);
  });

  it("refuses a bad commitment due date and an unsafe link", () => {
    const { server, client } = pair();
    const due = updateOf(client, (f) => (clauseEl(f).get(2) as Y.XmlElement).setAttribute("due", "demain"));
    expect(() => validateUpdate(server, due)).to.throw(/due date/);
    const other = pair();
    const link = updateOf(other.client, (f) => paragraphText(f).format(0, 2, { link: { href: "javascript:alert(1)" } }));
    expect(isTextOnlyUpdate(other.server, Y.decodeUpdate(link))).to.equal(false);
    expect(() => validateUpdate(other.server, link)).to.throw(/Links must be/);
  });

  it("refuses an update whose dependency is withheld, on the typing path too, and leaves the document untouched", () => {
    const { server, client } = pair();
    const first = updateOf(client, (f) => paragraphText(f).insert(0, "A"));
    const typing = updateOf(client, (f) => paragraphText(f).insert(1, "B"));
    const structural = updateOf(client, (f) => headingText(f).format(0, 2, { strong: {} }));
    const before = Y.encodeStateAsUpdate(server);
    for (const update of [typing, structural]) {
      expect(isTextOnlyUpdate(server, Y.decodeUpdate(update))).to.equal(false);
      expect(() => validateUpdate(server, update)).to.throw(PendingUpdateError);
    }
    expect(Y.encodeStateAsUpdate(server)).to.deep.equal(before);
    validateUpdate(server, first);
  });

  it("refuses a deletion of content the server does not have", () => {
    const { server, client } = pair();
    updateOf(client, (f) => paragraphText(f).insert(0, "ABC"));
    const deletion = updateOf(client, (f) => paragraphText(f).delete(0, 2));
    expect(() => validateUpdate(server, deletion)).to.throw(PendingUpdateError);
  });

  it("refuses a struct placed next to another client's withheld struct", () => {
    const { server, client } = pair();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(client));
    updateOf(other, (f) => paragraphText(f).insert(0, "withheld"));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(other));
    const next = updateOf(client, (f) => paragraphText(f).insert(4, "x"));
    expect(isTextOnlyUpdate(server, Y.decodeUpdate(next))).to.equal(false);
    expect(() => validateUpdate(server, next)).to.throw(PendingUpdateError);
  });

  it("reports who brings new content and what is deleted", () => {
    const { server, client } = pair();
    const update = updateOf(client, (f) => { paragraphText(f).insert(0, "A"); paragraphText(f).delete(2, 2); });
    const facts = validateUpdate(server, update);
    expect(facts.clients).to.deep.equal([client.clientID]);
    expect(Object.keys(facts.deletions!)).to.have.length(1);
  });
});
