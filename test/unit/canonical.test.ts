import { expect } from "chai";
import { Node as PMNode } from "prosemirror-model";
import * as Y from "yjs";
import { prosemirrorToYDoc } from "y-prosemirror";
import { canonicalJSON, contentHash } from "../../server/domain/versions/canonical.js";
import { charterSchema } from "../../server/shared/schema.js";
import { ydocToCharter } from "../../server/domain/documents.js";
import { charter, clause, commitment, p, section } from "../helpers/docs.js";

const base = () => charter(section("Titre", clause("cl-1", "Objet", p("Le texte de l'article."), commitment("en-1", "org-caf", "La CAF s'engage", { indicator: "Délai" }))));

describe("content hash", () => {
  it("is the SHA-256 of a documented canonical form", () => {
    const json = canonicalJSON(base());
    expect(json).to.match(/^\{"attrs":\{\},"content":\[/);
    expect(json).not.to.match(/\s"|":\s/);
    expect(contentHash(base())).to.match(/^[0-9a-f]{64}$/);
  });

  it("is the same for the same content, whatever the JSON key order", () => {
    const reorder = (v: unknown): unknown => Array.isArray(v) ? v.map(reorder) : v && typeof v == "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
    const shuffled = PMNode.fromJSON(charterSchema, reorder(base().toJSON()) as Record<string, unknown>);
    expect(contentHash(shuffled)).to.equal(contentHash(base()));
  });

  it("is the same whatever the Yjs history behind the content", () => {
    const direct = prosemirrorToYDoc(base(), "prosemirror");
    // Another history: type extra text, then delete it, concurrently from another client.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(direct));
    const text = ((other.getXmlFragment("prosemirror").get(2) as Y.XmlElement).get(1) as Y.XmlElement).get(1) as Y.XmlElement;
    const ytext = text.get(0) as Y.XmlText;
    ytext.insert(3, "XYZ");
    ytext.delete(3, 3);
    expect(Y.encodeStateAsUpdate(other)).not.to.deep.equal(Y.encodeStateAsUpdate(direct));
    expect(contentHash(ydocToCharter(other))).to.equal(contentHash(ydocToCharter(direct)));
  });

  it("changes with any change of text, structure, commitment or attribute", () => {
    const hashes = new Set([
      contentHash(base()),
      contentHash(charter(section("Titre", clause("cl-1", "Objet", p("Le texte de l'article !"), commitment("en-1", "org-caf", "La CAF s'engage", { indicator: "Délai" }))))),
      contentHash(charter(section("Titre", clause("cl-1", "Objet", p("Le texte de l'article."), p("")), clause("cl-9", "X", commitment("en-1", "org-caf", "La CAF s'engage", { indicator: "Délai" }))))),
      contentHash(charter(section("Titre", clause("cl-1", "Objet", p("Le texte de l'article."), commitment("en-1", "org-msa", "La CAF s'engage", { indicator: "Délai" }))))),
      contentHash(charter(section("Titre", clause("cl-1", "Objet", p("Le texte de l'article."), commitment("en-1", "org-caf", "La CAF s'engage", { indicator: "Délai", due: "2027-01-01" }))))),
      contentHash(charter(section("Titre", clause("cl-2", "Objet", p("Le texte de l'article."), commitment("en-1", "org-caf", "La CAF s'engage", { indicator: "Délai" }))))),
    ]);
    expect(hashes.size).to.equal(6);
    const bold = base().toJSON();
    bold.content[2].content[1].content[1].content[0].marks = [{ type: "strong" }];
    expect(contentHash(PMNode.fromJSON(charterSchema, bold))).not.to.equal(contentHash(base()));
  });

  it("does not depend on Unicode normalisation of the text", () => {
    const composed = charter(section("É", clause("cl-1", "Été", p("café"))));
    const decomposed = charter(section("E\u0301", clause("cl-1", "E\u0301te\u0301", p("cafe\u0301"))));
    expect(contentHash(decomposed)).to.equal(contentHash(composed));
  });
});
