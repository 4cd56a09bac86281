import { expect } from "chai";
import { formatChange, kindLabel, layoutChange } from "../../client/src/ui/versions/diffLabels.js";
import type { BlockKind } from "../../client/src/types.js";

const paragraph: BlockKind = { type: "paragraph", level: 0, start: null, newItem: false, newList: false };
const bullet: BlockKind = { type: "bullet", level: 1, start: null, newItem: true, newList: true };

describe("client: words of a difference", () => {
  it("names formatting added and removed", () => {
    expect(formatChange({ from: [], to: [{ type: "strong" }] })).to.equal("gras ajouté");
    expect(formatChange({ from: [{ type: "em" }, { type: "link", href: "https://a.example" }], to: [{ type: "em" }] })).to.equal("lien vers https://a.example retiré");
    expect(formatChange({ from: [{ type: "link", href: "https://a.example" }], to: [{ type: "link", href: "https://b.example" }] })).to.equal("lien vers https://b.example ajouté, lien vers https://a.example retiré");
  });

  it("names a paragraph's layout and how it changed", () => {
    expect(kindLabel(paragraph)).to.equal("Paragraphe");
    expect(kindLabel({ ...bullet, type: "ordered", level: 2 })).to.equal("Élément de liste numérotée (niveau 2)");
    expect(layoutChange({ from: paragraph, to: bullet })).to.equal("Paragraphe devenu élément de liste à puces");
    expect(layoutChange({ from: bullet, to: { ...bullet, newList: false } })).to.equal("Rejoint la liste précédente");
    expect(layoutChange({ from: bullet, to: { ...bullet, newItem: false, newList: false } })).to.equal("Rejoint la liste précédente");
    expect(layoutChange({ from: { ...bullet, newList: false }, to: { ...bullet, newList: false, newItem: false } })).to.equal("Rejoint l'élément de liste précédent");
    expect(layoutChange({ from: { ...bullet, type: "ordered", start: 1 }, to: { ...bullet, type: "ordered", start: 3 } })).to.equal("Numérotation à partir de 3");
    expect(layoutChange({ from: null, to: bullet })).to.equal(null);
  });
});
