import { expect } from "chai";
import { textProblem, visibleLength } from "../../server/shared/text.js";

describe("typed text", () => {
  it("accepts ordinary French text, emoji and combined accents", () => {
    for (const value of ["Préfète d'Île-de-France", "« Élan » 2027–2032", "🏠 👩🏽‍💼", "e\u0301te\u0301", "a\u00A0b"]) expect(textProblem(value), value).to.equal(null);
  });

  it("refuses NUL, the other controls, lone surrogates and bidi overrides and isolates", () => {
    const bad = ["\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\uD83D", "\uDE00x", "x\uDBFF", "\u202A", "\u202E", "\u2066", "\u2069"];
    for (const value of bad) expect(textProblem(`a${value}b`), JSON.stringify(value)).to.be.a("string");
  });

  it("allows tab and line breaks only in multi-line text", () => {
    for (const value of ["a\tb", "a\nb", "a\r\nb"]) {
      expect(textProblem(value), JSON.stringify(value)).to.match(/une ligne/);
      expect(textProblem(value, { multiline: true }), JSON.stringify(value)).to.equal(null);
    }
    expect(textProblem("a\u0000\nb", { multiline: true })).to.match(/contrôle/);
  });

  it("counts visible characters only", () => {
    expect(visibleLength("abc")).to.equal(3);
    expect(visibleLength("   ")).to.equal(0);
    expect(visibleLength("\u200B\u200C\u200D\u2060\uFEFF\u00AD")).to.equal(0);
    expect(visibleLength("e\u0301")).to.equal(1);
    expect(visibleLength("🏠")).to.equal(1);
    expect(visibleLength("a b")).to.equal(2);
  });
});
