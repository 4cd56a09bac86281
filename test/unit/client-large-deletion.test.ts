import { expect } from "chai";
import { AllSelection, EditorState, TextSelection } from "prosemirror-state";
import { largeDeletion } from "../../client/src/editor/largeDeletion.js";
import { charter, clause, p, section } from "../helpers/docs.js";

describe("client: which deletions ask first", () => {
  const doc = charter(
    section("Objet", clause("cl-a", "Premier", p("Un texte assez long pour compter dans le total de la charte.")), clause("cl-b", "Second", p("Encore un texte."))),
    section("Moyens", clause("cl-c", "Troisième", p("Texte trois, lui aussi d'une bonne longueur pour peser. ".repeat(4)))),
  );
  const select = (from: number, to: number) => EditorState.create({ doc, selection: TextSelection.create(doc, from, to) });
  const posOf = (text: string) => {
    let found = -1;
    doc.descendants((node, pos) => {
      if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text);
      return found < 0;
    });
    return found;
  };

  it("asks for everything (Ctrl+A), saying how many articles and characters", () => {
    const summary = largeDeletion(EditorState.create({ doc, selection: new AllSelection(doc) }));
    expect(summary).to.deep.equal({ articles: 3, characters: doc.textContent.length });
  });

  it("asks for two whole articles, even when they are a small part of the text", () => {
    // From the end of the section's heading to the start of the next one's: both articles of the first section, whole.
    const from = posOf("Objet") + "Objet".length;
    const to = posOf("Moyens");
    const summary = largeDeletion(select(from, to))!;
    expect(summary.articles).to.equal(2);
    expect(summary.characters).to.be.lessThan(doc.textContent.length / 2);
  });

  it("asks for more than half of the text, whole articles or not", () => {
    const summary = largeDeletion(select(posOf("assez long"), posOf("Texte trois") + 150))!;
    expect(summary.articles).to.equal(1);
    expect(summary.characters).to.be.greaterThan(doc.textContent.length / 2);
  });

  it("does not ask for a few words, nor for nothing selected", () => {
    expect(largeDeletion(select(posOf("assez"), posOf("assez") + 5))).to.equal(null);
    expect(largeDeletion(select(posOf("assez"), posOf("assez")))).to.equal(null);
  });
});
