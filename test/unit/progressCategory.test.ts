import { expect } from "chai";
import { latestYearlyValue, progressCategory, trajectoryValue, type ProgressInput } from "../../server/domain/followup/progressCategory.js";
import { PROGRESS_CATEGORIES } from "../../server/shared/followup.js";

/** A share to raise from 40 % (2020) to 80 % (2030). */
const up = { direction: "up", baseline: { value: 40, year: 2020 }, target: { value: 80, year: 2030 } } as const;
/** A count to halve from 1 000 (2020) to 500 (2030). */
const down = { direction: "down", baseline: { value: 1000, year: 2020 }, target: { value: 500, year: 2030 } } as const;
const at = (base: Omit<ProgressInput, "latest">, value: number, year = 2025) => progressCategory({ ...base, latest: { value, year } });
const categoryAt = (base: Omit<ProgressInput, "latest">, value: number, year = 2025) => at(base, value, year).category;

describe("indicator progress category (Open SDG's method)", () => {
  describe("with a target, desired direction up", () => {
    it("is « Cible atteinte » at or beyond the target", () => {
      expect(at(up, 85)).to.include({ category: "cible_atteinte", label: "Cible atteinte" });
      expect(categoryAt(up, 80)).to.equal("cible_atteinte");
    });
    it("is « En bonne voie » at 95 % or more of the needed yearly rate", () => {
      // 40 → 60 in 5 years: 8.4 %/year observed, 7.2 %/year needed.
      const result = at(up, 60);
      expect(result).to.include({ category: "en_bonne_voie", label: "En bonne voie", method: "target" });
      expect(result.score!).to.be.closeTo((Math.pow(1.5, 1 / 5) - 1) / (Math.pow(2, 1 / 10) - 1), 1e-12);
    });
    it("is « Progrès à accélérer » between 60 % and 95 %", () => expect(at(up, 52)).to.include({ category: "progres_a_accelerer", label: "Progrès à accélérer" }));
    it("is « Progrès limité » between 0 and 60 %, stagnation included", () => {
      expect(at(up, 42)).to.include({ category: "progres_limite", label: "Progrès limité" });
      expect(at(up, 40)).to.include({ category: "progres_limite", score: 0 });
    });
    it("is « Dégradation » when the value moves the wrong way", () => expect(at(up, 35)).to.include({ category: "degradation", label: "Dégradation" }));
  });

  describe("with a target, desired direction down", () => {
    it("is « Cible atteinte » at or below the target", () => {
      expect(categoryAt(down, 450)).to.equal("cible_atteinte");
      expect(categoryAt(down, 500)).to.equal("cible_atteinte");
    });
    it("is « En bonne voie », « Progrès à accélérer », « Progrès limité » or « Dégradation » by the share of the needed decrease", () => {
      expect(categoryAt(down, 700)).to.equal("en_bonne_voie");
      expect(categoryAt(down, 780)).to.equal("progres_a_accelerer");
      expect(categoryAt(down, 950)).to.equal("progres_limite");
      expect(at(down, 1000)).to.include({ category: "progres_limite", score: 0 });
      expect(categoryAt(down, 1100)).to.equal("degradation");
    });
    it("counts a value exactly on the needed compound path as on track", () => {
      const onPath = 1000 * Math.pow(0.5, 5 / 10);
      expect(at(down, onPath).score).to.be.closeTo(1, 1e-9);
      expect(categoryAt(down, onPath)).to.equal("en_bonne_voie");
    });
  });

  describe("without a target: the observed yearly rate alone", () => {
    const noTarget = (direction: "up" | "down") => ({ direction, baseline: { value: 100, year: 2020 }, target: null });
    it("desired direction up: ≥ 1.5 %/year on track, ≥ 0.5 % to accelerate, ≥ 0 limited, < 0 deterioration", () => {
      expect(at(noTarget("up"), 110, 2024)).to.include({ category: "en_bonne_voie", method: "trend" });
      expect(categoryAt(noTarget("up"), 103, 2024)).to.equal("progres_a_accelerer");
      expect(categoryAt(noTarget("up"), 101, 2024)).to.equal("progres_limite");
      expect(categoryAt(noTarget("up"), 95, 2024)).to.equal("degradation");
    });
    it("desired direction down: the same thresholds on the decrease", () => {
      expect(categoryAt(noTarget("down"), 90, 2024)).to.equal("en_bonne_voie");
      expect(categoryAt(noTarget("down"), 97, 2024)).to.equal("progres_a_accelerer");
      expect(categoryAt(noTarget("down"), 99, 2024)).to.equal("progres_limite");
      expect(categoryAt(noTarget("down"), 105, 2024)).to.equal("degradation");
    });
    it("is never « Cible atteinte »", () => expect(categoryAt(noTarget("up"), 1e6, 2024)).to.equal("en_bonne_voie"));
  });

  describe("edge cases", () => {
    it("is « Données insuffisantes » without a value, saying why", () => {
      expect(progressCategory({ ...up, latest: null })).to.deep.equal({ category: "donnees_insuffisantes", label: "Données insuffisantes", method: null, score: null, note: "Aucune valeur annuelle n'a été saisie." });
    });
    it("is « Données insuffisantes » without a direction", () => {
      expect(at({ ...up, direction: null }, 85).category).to.equal("donnees_insuffisantes");
    });
    it("is « Données insuffisantes » without a baseline, unless the target is reached", () => {
      const result = at({ ...up, baseline: null }, 60);
      expect(result).to.include({ category: "donnees_insuffisantes", note: "La valeur de référence n'est pas définie." });
      expect(categoryAt({ ...up, baseline: null }, 81)).to.equal("cible_atteinte");
      expect(categoryAt({ ...down, baseline: null }, 400)).to.equal("cible_atteinte");
    });
    it("is « Données insuffisantes » when the latest value is not later than the baseline year", () => {
      expect(at(up, 60, 2020)).to.include({ category: "donnees_insuffisantes" });
      expect(at(up, 60, 2019).note).to.include("2020");
    });
    it("is « Données insuffisantes » when the target year does not follow the baseline year, or signs differ", () => {
      expect(categoryAt({ ...up, target: { value: 80, year: 2020 } }, 60)).to.equal("donnees_insuffisantes");
      expect(categoryAt(up, -5)).to.equal("donnees_insuffisantes");
      expect(categoryAt({ ...up, baseline: { value: -10, year: 2020 }, target: { value: 10, year: 2030 } }, -5)).to.equal("donnees_insuffisantes");
    });
    it("lowers « En bonne voie » to « Progrès à accélérer » once the target year has passed without the target", () => {
      const late = { ...up, target: { value: 80, year: 2025 } };
      const result = at(late, 79, 2025);
      expect(result.score!).to.be.greaterThan(0.95);
      expect(result).to.include({ category: "progres_a_accelerer", note: "L'année cible (2025) est atteinte sans la cible." });
      expect(categoryAt(late, 79, 2027)).to.equal("progres_a_accelerer");
      expect(categoryAt(late, 45, 2027)).to.equal("progres_limite");
      expect(categoryAt(late, 80, 2027)).to.equal("cible_atteinte");
    });
    it("with the baseline equal to the target: « Cible atteinte » while held, « Dégradation » once lost", () => {
      const hold = { direction: "up", baseline: { value: 50, year: 2020 }, target: { value: 50, year: 2030 } } as const;
      expect(categoryAt(hold, 50)).to.equal("cible_atteinte");
      expect(categoryAt(hold, 55)).to.equal("cible_atteinte");
      expect(categoryAt(hold, 45)).to.equal("degradation");
      expect(categoryAt({ ...hold, direction: "down" }, 55)).to.equal("degradation");
    });
    it("measures from a zero baseline by the share of the way covered (a rate from zero would depend on the unit)", () => {
      const fromZero = { direction: "up", baseline: { value: 0, year: 2020 }, target: { value: 100, year: 2030 } } as const;
      expect(categoryAt(fromZero, 50)).to.equal("en_bonne_voie");
      expect(categoryAt(fromZero, 30)).to.equal("progres_a_accelerer");
      expect(categoryAt(fromZero, 0)).to.equal("progres_limite");
      // Gone the other side of zero: a degradation, however many years have passed.
      for (const year of [2021, 2022, 2025]) expect(categoryAt(fromZero, -2, year), String(year)).to.equal("degradation");
      // The unit does not matter: the same shares in thousandths read the same.
      expect(categoryAt({ ...fromZero, target: { value: 0.1, year: 2030 } }, 0.05)).to.equal("en_bonne_voie");
    });
    it("takes a zero baseline as 0.001 without a target, as Open SDG does", () => {
      const trend = { direction: "up", baseline: { value: 0, year: 2020 }, target: null } as const;
      expect(at(trend, 1)).to.include({ category: "en_bonne_voie", method: "trend" });
      expect(at({ ...trend, direction: "down" }, -1)).to.include({ category: "en_bonne_voie", method: "trend" });
    });
    it("turns the rate around for a negative baseline", () => {
      const negative = { direction: "up", baseline: { value: -10, year: 2020 }, target: { value: -2, year: 2030 } } as const;
      expect(categoryAt(negative, -6)).to.equal("progres_a_accelerer");
      expect(categoryAt(negative, -12)).to.equal("degradation");
    });
    it("labels every category in French", () => {
      expect(Object.values(PROGRESS_CATEGORIES)).to.deep.equal(["Cible atteinte", "En bonne voie", "Progrès à accélérer", "Progrès limité", "Dégradation", "Données insuffisantes"]);
    });
  });
});

describe("trajectory from baseline to target", () => {
  it("follows the yearly rate the category measures against: a value on it is « En bonne voie » every year", () => {
    const cases = [
      up, down,
      { direction: "down", baseline: { value: 500, year: 2024 }, target: { value: 300, year: 2030 } },
      { direction: "up", baseline: { value: -10, year: 2020 }, target: { value: -2, year: 2030 } },
      // From or towards zero, measured along a straight line.
      { direction: "down", baseline: { value: 40, year: 2020 }, target: { value: 0, year: 2030 } },
      { direction: "up", baseline: { value: 0, year: 2020 }, target: { value: 10, year: 2030 } },
      { direction: "down", baseline: { value: 0, year: 2020 }, target: { value: -10, year: 2030 } },
    ] as const;
    for (const c of cases) for (let year = c.baseline.year + 1; year < c.target.year; year++) {
      const value = trajectoryValue(c.baseline, c.target, year)!;
      expect(at(c, value, year), `${JSON.stringify(c)} in ${year}`).to.include({ category: "en_bonne_voie" });
      expect(at(c, value, year).score).to.be.closeTo(1, 1e-9);
      // A fifth of the way it should have gone short: no longer on track.
      const behind = value - (value - c.baseline.value) / 5;
      expect(categoryAt(c, behind, year), `${JSON.stringify(c)} behind in ${year}`).to.not.equal("en_bonne_voie");
    }
    // 1 000 → 500 in ten years: about 6.7 % less each year, below the straight line mid-course.
    expect(trajectoryValue(down.baseline, down.target, 2025)).to.be.closeTo(707.107, 1e-3);
    expect(trajectoryValue(up.baseline, up.target, 2025)).to.be.closeTo(56.569, 1e-3);
  });
  it("starts at the baseline, is the target from the target year on, and nothing before the baseline", () => {
    expect(trajectoryValue(down.baseline, down.target, 2020)).to.equal(1000);
    expect(trajectoryValue(down.baseline, down.target, 2030)).to.equal(500);
    expect(trajectoryValue(down.baseline, down.target, 2032)).to.equal(500);
    expect(trajectoryValue(down.baseline, down.target, 2019)).to.equal(null);
  });
  it("is a straight line towards a target of zero and between values of opposite signs (not judged)", () => {
    expect(trajectoryValue({ value: 40, year: 2020 }, { value: 0, year: 2030 }, 2025)).to.equal(20);
    expect(trajectoryValue({ value: -4, year: 2020 }, { value: 6, year: 2030 }, 2025)).to.equal(1);
    expect(categoryAt({ direction: "up", baseline: { value: -4, year: 2020 }, target: { value: 6, year: 2030 } }, 1)).to.equal("donnees_insuffisantes");
  });
  it("is a straight line from a zero baseline", () => {
    expect(trajectoryValue({ value: 0, year: 2020 }, { value: 10, year: 2030 }, 2020)).to.equal(0);
    expect(trajectoryValue({ value: 0, year: 2020 }, { value: 10, year: 2030 }, 2025)).to.equal(5);
    expect(trajectoryValue({ value: 0, year: 2020 }, { value: -10, year: 2030 }, 2025)).to.equal(-5);
  });
  it("is missing without a baseline, a target, or with the target year not after the baseline's", () => {
    expect(trajectoryValue(null, down.target, 2025)).to.equal(null);
    expect(trajectoryValue(down.baseline, null, 2025)).to.equal(null);
    expect(trajectoryValue(down.baseline, { value: 500, year: 2020 }, 2025)).to.equal(null);
  });
});

describe("latest yearly value", () => {
  it("takes the latest entry of the latest year, leaving halves, quarters and months out", () => {
    expect(latestYearlyValue([
      { period: "2026", value: 10, final: true },
      { period: "2027", value: 12, final: false },
      { period: "2028-S1", value: 3, final: false },
      { period: "2027", value: 11, final: true },
      { period: "2025", value: 9, final: true },
    ])).to.deep.equal({ year: 2027, value: 11, final: true });
    expect(latestYearlyValue([{ period: "2028-T1", value: 3, final: false }])).to.equal(null);
    expect(latestYearlyValue([])).to.equal(null);
  });
});
