import { expect } from "chai";
import { charterSchema as schema } from "../../server/shared/schema.js";
import { findDocPlaceholders, findPlaceholders } from "../../server/shared/placeholders.js";
import { charter, clause, commitment, p, section } from "../helpers/docs.js";

const texts = (s: string) => findPlaceholders(s).map((f) => f.text);

describe("finding placeholders", () => {
  it("finds bracketed words, figures to confirm and ellipses, with their offsets", () => {
    const found = findPlaceholders("Le [date], à [commune], taux de [35] %, liste […] et [...].");
    expect(found.map((f) => f.text)).to.deep.equal(["[date]", "[commune]", "[35]", "[…]", "[...]"]);
    expect(found[0]).to.deep.include({ start: 3, end: 9 });
  });

  it("finds long placeholders with accents, apostrophes and dashes", () => {
    expect(texts("à l'échelle [des arrondissements ou des territoires d'action sociale — à compléter] afin")).to.have.length(1);
    expect(texts("[à compléter] et [nom et fonction du représentant]")).to.deep.equal(["[à compléter]", "[nom et fonction du représentant]"]);
  });

  it("leaves capitalised brackets, empty brackets and unclosed ones alone", () => {
    expect(texts("Voir [ANIL], [], [ à compléter] et [date sans fin")).to.deep.equal([]);
  });

  it("does not nest: the innermost bracket pair is the placeholder", () => {
    expect(texts("[a [date] b]")).to.deep.equal(["[date]"]);
  });

  it("gives document positions that select exactly the placeholder", () => {
    const doc = charter(section("Titre", clause("cl-1", "Article [à compléter]", p("Signé le [date] à [commune]."), commitment("en-1", null, "La CAF verse [35] %"))));
    const found = findDocPlaceholders(doc);
    expect(found.map((f) => f.text)).to.deep.equal(["[à compléter]", "[date]", "[commune]", "[35]"]);
    for (const f of found) expect(doc.textBetween(f.from, f.to)).to.equal(f.text);
  });

  it("finds a placeholder whose parts carry different marks, but none across a line break", () => {
    const strong = schema.marks.strong.create();
    const para = schema.node("paragraph", null, [schema.text("le "), schema.text("[da", [strong]), schema.text("te] et [com"), schema.node("hard_break"), schema.text("mune]")]);
    const doc = charter(section("Titre", clause("cl-1", "Un", para)));
    const found = findDocPlaceholders(doc);
    expect(found.map((f) => f.text)).to.deep.equal(["[date]"]);
    expect(doc.textBetween(found[0].from, found[0].to)).to.equal("[date]");
  });
});

describe("the words before a placeholder", () => {
  it("are the end of its paragraph up to it, cut at a word", () => {
    const doc = charter(section("Titre", clause("cl-1", "Un", p("Les bailleurs sociaux intervenant dans le département et leur association régionale : [à compléter] ; [date]"))));
    const [first, second] = findDocPlaceholders(doc);
    expect(first.before).to.equal("…le département et leur association régionale :");
    expect(second.before).to.match(/régionale : \[à compléter\] ;$/);
    expect(findDocPlaceholders(charter(section("Titre", clause("cl-1", "Un", p("[date]")))))[0].before).to.equal("");
  });
});
