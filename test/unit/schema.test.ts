import { expect } from "chai";
import { parseCharterDocument, InvalidDocumentError } from "../../server/shared/validate.js";
import { numberCharter } from "../../server/shared/numbering.js";
import { charter, clause, commitment, p, section } from "../helpers/docs.js";

describe("charter schema", () => {
  const valid = () => charter(section("Préambule", p("intro"), clause("cl-1", "Objet", p(), commitment("en-1", "org-1", "La CAF s'engage", { due: "2027-06-30", indicator: "Délai" }))));

  it("accepts a well-formed charter and round-trips it through JSON", () => {
    const doc = valid();
    expect(parseCharterDocument(doc.toJSON()).eq(doc)).to.equal(true);
  });

  it("rejects an unknown node type", () => {
    const json = valid().toJSON();
    json.content[2].content[1].type = "table";
    expect(() => parseCharterDocument(json)).to.throw(InvalidDocumentError, /table/);
  });

  it("rejects a commitment outside a clause", () => {
    const json = valid().toJSON();
    json.content[2].content.splice(1, 0, commitment("en-9", "x").toJSON());
    expect(() => parseCharterDocument(json)).to.throw(InvalidDocumentError);
  });

  it("rejects a charter without sections", () => {
    const json = valid().toJSON();
    json.content = json.content.slice(0, 2);
    expect(() => parseCharterDocument(json)).to.throw(InvalidDocumentError);
  });

  it("rejects duplicate clause ids", () => {
    const doc = charter(section("A", clause("cl-1", "Un", p()), clause("cl-1", "Deux", p())));
    expect(() => parseCharterDocument(doc.toJSON())).to.throw(InvalidDocumentError, /Duplicate clause id cl-1/);
  });

  it("rejects a clause or commitment without id", () => {
    expect(() => parseCharterDocument(charter(section("A", clause("", "Un", p()))).toJSON())).to.throw(/has no id/);
    expect(() => parseCharterDocument(charter(section("A", clause("cl-1", "Un", commitment("", "o")))).toJSON())).to.throw(/commitment has no id/);
  });

  it("rejects an impossible due date", () => {
    const doc = charter(section("A", clause("cl-1", "Un", commitment("en-1", "o", "x", { due: "2027-02-30" }))));
    expect(() => parseCharterDocument(doc.toJSON())).to.throw(/invalid due date/);
  });

  it("rejects an unknown mark", () => {
    const json = valid().toJSON();
    json.content[2].content[1].content[0].marks = [{ type: "underline" }];
    expect(() => parseCharterDocument(json)).to.throw(InvalidDocumentError);
  });
});

describe("numbering", () => {
  it("numbers sections from 1 and articles across the whole charter", () => {
    const doc = charter(section("A", clause("a", "Un", p()), clause("b", "Deux", p())), section("B", p("intro")), section("C", clause("c", "Trois", p())));
    const entries = numberCharter(doc).map((e) => `${e.kind}:${e.number}:${e.id ?? e.heading}`);
    expect(entries).to.deep.equal(["section:1:A", "clause:1:a", "clause:2:b", "section:2:B", "section:3:C", "clause:3:c"]);
  });

  it("renumbers when a clause moves, since numbers are derived", () => {
    const before = charter(section("A", clause("a", "Un", p()), clause("b", "Deux", p())));
    const after = charter(section("A", clause("b", "Deux", p()), clause("a", "Un", p())));
    const numberOf = (doc: typeof before, id: string) => numberCharter(doc).find((e) => e.id == id)!.number;
    expect(numberOf(before, "a")).to.equal(1);
    expect(numberOf(after, "a")).to.equal(2);
    expect(JSON.stringify(after.toJSON())).not.to.match(/"number"/);
  });

  it("points each entry at its node", () => {
    const doc = charter(section("A", clause("a", "Un", p())));
    for (const entry of numberCharter(doc)) expect(doc.nodeAt(entry.pos)!.type.name).to.equal(entry.kind);
  });
});
