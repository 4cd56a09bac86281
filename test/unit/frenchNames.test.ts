import { expect } from "chai";
import { elidesBefore, ofName } from "../../server/shared/frenchNames.js";

describe("« de » before a person's name", () => {
  it("elides before a vowel, accented or not, in any case", () => {
    expect(ofName("Antoine Girard")).to.equal("d'Antoine Girard");
    expect(ofName("Émilie Roux")).to.equal("d'Émilie Roux");
    expect(ofName("Isabelle Chevalier")).to.equal("d'Isabelle Chevalier");
    expect(ofName("Œdipe Roi")).to.equal("d'Œdipe Roi");
    expect(ofName("Ugo Marchand")).to.equal("d'Ugo Marchand");
    expect(ofName("ève@example.org")).to.equal("d'ève@example.org");
  });

  it("keeps « de » before a consonant and before « h »", () => {
    expect(ofName("Paul Durand")).to.equal("de Paul Durand");
    expect(ofName("Claire Martin")).to.equal("de Claire Martin");
    expect(ofName("Hugues Lambert")).to.equal("de Hugues Lambert");
    expect(ofName("Hélène Petit")).to.equal("de Hélène Petit");
  });

  it("elides before a « y » sounded as a vowel only", () => {
    expect(ofName("Yves Morel")).to.equal("d'Yves Morel");
    expect(ofName("Yvonne Leroy")).to.equal("d'Yvonne Leroy");
    expect(ofName("Yasmine Benali")).to.equal("de Yasmine Benali");
    expect(ofName("Yohan Blanc")).to.equal("de Yohan Blanc");
  });

  it("does not elide before nothing", () => {
    expect(elidesBefore("")).to.equal(false);
    expect(ofName("")).to.equal("de ");
  });
});
