import { expect } from "chai";
import * as Y from "yjs";
import { prosemirrorToYDoc } from "y-prosemirror";
import { isTextOnlyUpdate, validateUpdate } from "../../server/collab/updateValidator.js";
import { InvalidDocumentError } from "../../server/shared/validate.js";
import { charter, clause, commitment, p, section } from "../helpers/docs.js";

// What an update may bring besides well-formed structure: root types, attribute names and values, characters, ids.

function pair() {
  const server = prosemirrorToYDoc(charter(section("Titre", clause("cl-1", "Objet", p("Le texte."), commitment("en-1", "org", "La CAF s'engage")), clause("cl-2", "Autre", p("Suite.")))), "prosemirror");
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}
function updateOf(client: Y.Doc, change: (doc: Y.Doc, fragment: Y.XmlFragment) => void): Uint8Array {
  const before = Y.encodeStateVector(client);
  change(client, client.getXmlFragment("prosemirror"));
  return Y.encodeStateAsUpdate(client, before);
}
const section0 = (f: Y.XmlFragment) => f.get(2) as Y.XmlElement;
const clauseEl = (f: Y.XmlFragment, n = 0) => section0(f).get(1 + n) as Y.XmlElement;
const commitmentEl = (f: Y.XmlFragment) => clauseEl(f).get(2) as Y.XmlElement;
const paragraphText = (f: Y.XmlFragment) => (clauseEl(f).get(1) as Y.XmlElement).get(0) as Y.XmlText;
const titleEl = (f: Y.XmlFragment) => f.get(0) as Y.XmlElement;
const titleText = (f: Y.XmlFragment) => titleEl(f).get(0) as Y.XmlText;

/** Expects the update refused as breaking the charter (never a TypeError or a decoding error). */
function refused(server: Y.Doc, update: Uint8Array, message?: RegExp) {
  let error: unknown = null;
  try {
    validateUpdate(server, update);
  } catch (err) {
    error = err;
  }
  expect(error, "refused").to.be.instanceOf(InvalidDocumentError);
  if (message) expect((error as Error).message).to.match(message);
}

describe("update content rules", () => {
  it("refuses root types other than the charter fragment", () => {
    for (const change of [(d: Y.Doc) => d.getMap("x").set("k", "caché"), (d: Y.Doc) => d.getText("y").insert(0, "caché"), (d: Y.Doc) => d.getArray("z").insert(0, [1])]) {
      const { server, client } = pair();
      refused(server, updateOf(client, change), /outside the charter/);
    }
  });

  it("refuses entries on a text", () => {
    const { server, client } = pair();
    refused(server, updateOf(client, (_d, f) => paragraphText(f).setAttribute("x", "caché")));
  });

  it("refuses inherited and prototype names as attributes, and reads own keys only", () => {
    for (const key of ["__proto__", "toString", "constructor", "hasOwnProperty"]) {
      const { server, client } = pair();
      refused(server, updateOf(client, (_d, f) => commitmentEl(f).setAttribute(key, { party: "caf" } as never)), /Unknown attribute/);
    }
  });

  it("refuses an attribute on a node type without attributes as a schema error", () => {
    const { server, client } = pair();
    refused(server, updateOf(client, (_d, f) => titleEl(f).setAttribute("x", "y")), /Unknown attribute x on title/);
  });

  it("validates raw attribute values", () => {
    const cases: [string, unknown][] = [["party", { toString: "caf" }], ["party", 12], ["indicator", ["a"]], ["due", "2026-02-30"], ["id", 7]];
    for (const [key, value] of cases) {
      const { server, client } = pair();
      refused(server, updateOf(client, (_d, f) => commitmentEl(f).setAttribute(key, value as never)));
    }
    const { server, client } = pair();
    validateUpdate(server, updateOf(client, (_d, f) => commitmentEl(f).setAttribute("indicator", "Nombre de ménages")));
  });

  it("refuses smuggled formatting keys and mark values", () => {
    const formats: Record<string, unknown>[] = [JSON.parse('{"__proto__": {}}'), { toString: {} }, { "strong--AAAAAAAA": "x" }, { strong: { evil: 1 } }, { link: { href: "https://a.fr", onclick: "x" } }, { link: { href: "https://a.fr", title: "\u202Eevil" } }, { link: { href: "https://a.fr", title: "x\uD800" } }, { link: JSON.parse('{"href": "https://a.fr", "__proto__": {"title": "x"}}') }];
    for (const format of formats) {
      const { server, client } = pair();
      const update = updateOf(client, (_d, f) => paragraphText(f).format(0, 2, format));
      expect(isTextOnlyUpdate(server, Y.decodeUpdate(update))).to.equal(false);
      refused(server, update);
    }
  });

  it("requires clause and commitment ids, and unique ones", () => {
    const newClause = (id: string | null) => (_d: Y.Doc, f: Y.XmlFragment) => {
      const el = new Y.XmlElement("clause");
      if (id) el.setAttribute("id", id);
      const heading = new Y.XmlElement("clause_heading");
      heading.insert(0, [new Y.XmlText("Nouvel article")]);
      el.insert(0, [heading]);
      section0(f).insert(3, [el]);
    };
    for (const [id, message] of [[null, /has no id/], ["cl-1", /Duplicate/], ["en-1", /Duplicate/], ["a b", /Invalid clause id/]] as const) {
      const { server, client } = pair();
      refused(server, updateOf(client, newClause(id)), message);
    }
    const dup = pair();
    refused(dup.server, updateOf(dup.client, (_d, f) => clauseEl(f, 1).setAttribute("id", "cl-1")), /Duplicate clause id/);
    const ok = pair();
    validateUpdate(ok.server, updateOf(ok.client, newClause("cl-nouveau")));
  });

  it("keeps a draft stored with a shared id editable, and accepts its repair, but refuses one more copy", () => {
    const { server, client } = pair();
    const legacy = updateOf(client, (_d, f) => clauseEl(f, 1).setAttribute("id", "cl-1"));
    Y.applyUpdate(server, legacy); // stored before the rule
    const paragraph = updateOf(client, (_d, f) => {
      const el = new Y.XmlElement("paragraph");
      el.insert(0, [new Y.XmlText("Nouveau")]);
      clauseEl(f).insert(2, [el]);
    });
    validateUpdate(server, paragraph);
    Y.applyUpdate(server, paragraph);
    refused(server, updateOf(client, (_d, f) => {
      const el = new Y.XmlElement("clause");
      el.setAttribute("id", "cl-1");
      const heading = new Y.XmlElement("clause_heading");
      heading.insert(0, [new Y.XmlText("Copie")]);
      el.insert(0, [heading]);
      section0(f).insert(3, [el]);
    }), /Duplicate clause id cl-1/);
    // What the editor writes back once it has repaired the draft (from before the refused copy).
    const repairer = new Y.Doc();
    Y.applyUpdate(repairer, Y.encodeStateAsUpdate(server));
    validateUpdate(server, updateOf(repairer, (_d, f) => clauseEl(f, 1).setAttribute("id", "cl-repare")));
  });

  for (const [name, char] of [["NUL", "\u0000"], ["another C0 control", "\u001B"], ["a bidi override", "\u202E"], ["a bidi isolate", "\u2067"], ["DEL", "\u007F"]]) {
    it(`refuses ${name} in typed text, on the typing path too, and in the title`, () => {
      const { server, client } = pair();
      const typed = updateOf(client, (_d, f) => paragraphText(f).insert(2, `a${char}b`));
      expect(isTextOnlyUpdate(server, Y.decodeUpdate(typed))).to.equal(false);
      refused(server, typed, /Forbidden character/);
      const other = pair();
      refused(other.server, updateOf(other.client, (_d, f) => titleText(f).insert(0, char)), /Forbidden character/);
    });
  }

  it("refuses forbidden characters in attribute values and in new nodes' text", () => {
    const { server, client } = pair();
    refused(server, updateOf(client, (_d, f) => commitmentEl(f).setAttribute("indicator", "taux\u0000")), /Forbidden character/);
    const other = pair();
    refused(other.server, updateOf(other.client, (_d, f) => {
      const el = new Y.XmlElement("paragraph");
      el.insert(0, [new Y.XmlText("a\u2066b")]);
      clauseEl(f).insert(2, [el]);
    }), /Forbidden character/);
  });

  it("keeps accepting plain typing, emoji and accents included", () => {
    const { server, client } = pair();
    const update = updateOf(client, (_d, f) => paragraphText(f).insert(2, "élan 🙂 « ok »"));
    expect(isTextOnlyUpdate(server, Y.decodeUpdate(update))).to.equal(true);
    validateUpdate(server, update);
  });
});
