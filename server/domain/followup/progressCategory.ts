import { PROGRESS_CATEGORIES, type ProgressCategory } from "../../shared/followup.js";

/**
 * An indicator's progress category, computed from its desired direction,
 * baseline, target and latest yearly value the way Open SDG does it (the
 * Statistics Canada method): the observed compound annual growth rate from
 * the baseline is compared with the rate needed to reach the target on time.
 * Pure: no clock, no database; the dashboard and the yearly report share it.
 */

/** A value for a year (a baseline, a target, an observed value). */
export interface YearValue {
  value: number;
  year: number;
}

export interface ProgressInput {
  direction: "up" | "down" | null;
  baseline: YearValue | null;
  target: YearValue | null;
  /** The latest yearly value, final or provisional (see `latestYearlyValue`). */
  latest: YearValue | null;
}

export interface ProgressAssessment {
  category: ProgressCategory;
  label: string;
  /**
   * `target`: observed rate over the rate needed (Open SDG's method with a
   * quantitative target); `trend`: the observed rate alone, when there is no
   * target; null when nothing was computed (target reached, or data missing).
   */
  method: "target" | "trend" | null;
  /** The ratio (`target`) or the observed yearly rate (`trend`), signed so that > 0 goes the desired way. */
  score: number | null;
  /** Why the data is insufficient, or why the category was lowered (in French); null otherwise. */
  note: string | null;
}

/** Open SDG's thresholds with a target: the share of the needed rate achieved. */
const WITH_TARGET = { onTrack: 0.95, accelerate: 0.6 };
/** Open SDG's thresholds without a target: the observed yearly growth rate. */
const WITHOUT_TARGET = { onTrack: 0.015, accelerate: 0.005 };
/** Open SDG replaces a zero baseline by this, since growth from zero is undefined (here with the sign of the latest value); used without a target only. */
const ZERO_BASELINE = 0.001;
const zeroBaseline = (towards: number) => (towards < 0 ? -ZERO_BASELINE : ZERO_BASELINE);
/** A value exactly on the needed path must count as on track despite floating-point rounding. */
const EPSILON = 1e-9;

const assessment = (category: ProgressCategory, method: ProgressAssessment["method"] = null, score: number | null = null, note: string | null = null): ProgressAssessment =>
  ({ category, label: PROGRESS_CATEGORIES[category], method, score, note });
const insufficient = (note: string) => assessment("donnees_insuffisantes", null, null, note);

/** Compound annual growth rate from `from` (in `fromYear`) to `to` (in `toYear`). */
const growth = (to: number, from: number, toYear: number, fromYear: number) => Math.pow(to / from, 1 / (toYear - fromYear)) - 1;
const oppositeSigns = (a: number, b: number) => (a < 0 && b > 0) || (a > 0 && b < 0);

/** Whether `value` is at or beyond the target in the desired direction. */
export function reachesTarget(value: number, target: number, direction: "up" | "down"): boolean {
  return direction == "up" ? value >= target : value <= target;
}

/**
 * The category of an indicator. « Cible atteinte » needs only the direction,
 * the target and the latest value; every other category needs a baseline
 * and a latest value of a later year. Two cases Open SDG leaves undefined
 * are settled here: a baseline equal to the target, then lost, is a
 * « Dégradation » (the needed rate is zero); and once the latest value's
 * year has reached the target year without the target, it is no longer
 * « En bonne voie » but at best « Progrès à accélérer ». A third is a
 * baseline or target of zero, measured by the share of the way covered.
 */
export function progressCategory(input: ProgressInput): ProgressAssessment {
  const { direction, baseline, target, latest } = input;
  if (!direction) return insufficient("Le sens souhaité de l'indicateur n'est pas défini.");
  if (!latest) return insufficient("Aucune valeur annuelle n'a été saisie.");
  if (target && reachesTarget(latest.value, target.value, direction)) return assessment("cible_atteinte");
  if (!baseline) return insufficient("La valeur de référence n'est pas définie.");
  if (latest.year <= baseline.year) return insufficient(`Il faut une valeur postérieure à l'année de référence (${baseline.year}).`);
  if (oppositeSigns(latest.value, baseline.value)) return insufficient("La valeur de référence et la dernière valeur sont de signes opposés.");
  const d = direction == "up" ? 1 : -1;
  const base = baseline.value == 0 ? zeroBaseline(latest.value) : baseline.value;
  // A negative baseline turns the ratio of values, hence the rate, upside down.
  const sign = base < 0 ? -1 : 1;
  const observed = latest.value == baseline.value ? 0 : growth(latest.value, base, latest.year, baseline.year);

  if (!target) {
    const rate = sign * d * observed + 0; // + 0: no « -0 » in the JSON
    return assessment(byThresholds(rate, WITHOUT_TARGET), "trend", rate);
  }
  if (target.year <= baseline.year) return insufficient("L'année cible doit suivre l'année de référence.");
  if (target.value == baseline.value) return assessment("degradation", "target", null, "La valeur de référence atteignait la cible ; elle ne l'atteint plus.");
  if (oppositeSigns(target.value, baseline.value)) return insufficient("La valeur de référence et la cible sont de signes opposés.");
  // From or towards zero the rates mean nothing (towards it, -100 % a year whatever the pace; from Open SDG's
  // stand-in, a verdict that depends on the unit): the share of the way covered over the share of the time
  // gone is taken instead, and the trajectory is straight.
  const ratio = measuredOnStraightLine(baseline.value, target.value)
    ? (latest.value - baseline.value) / (target.value - baseline.value) / ((latest.year - baseline.year) / (target.year - baseline.year)) + 0
    : (sign * d * observed) / Math.abs(growth(target.value, base, target.year, baseline.year)) + 0;
  if (!Number.isFinite(ratio)) return insufficient("Le rythme de progression ne peut pas être calculé à partir de ces valeurs.");
  const category = byThresholds(ratio, WITH_TARGET);
  if (category == "en_bonne_voie" && latest.year >= target.year)
    return assessment("progres_a_accelerer", "target", ratio, `L'année cible (${target.year}) est atteinte sans la cible.`);
  return assessment(category, "target", ratio);
}

function byThresholds(score: number, thresholds: { onTrack: number; accelerate: number }): ProgressCategory {
  if (score >= thresholds.onTrack - EPSILON) return "en_bonne_voie";
  if (score >= thresholds.accelerate - EPSILON) return "progres_a_accelerer";
  if (score >= -EPSILON) return "progres_limite";
  return "degradation";
}

/** Whether progress from `baseline` to `target` is measured along a straight line rather than at a yearly rate (see `progressCategory`). */
const measuredOnStraightLine = (baseline: number, target: number) => baseline == 0 || target == 0;

/**
 * The value the trajectory expects for `year`: the path the category
 * measures against, so that a value on it is « En bonne voie »: the same
 * yearly rate every year from the baseline to the target (Open SDG's), or a
 * straight line from or towards zero, and between values of opposite signs
 * (which the category does not judge); the target itself from the target
 * year on; nothing before the baseline year or without both ends.
 */
export function trajectoryValue(baseline: YearValue | null, target: YearValue | null, year: number): number | null {
  if (!baseline || !target || target.year <= baseline.year || year < baseline.year) return null;
  if (year >= target.year) return target.value;
  const share = (year - baseline.year) / (target.year - baseline.year);
  if (measuredOnStraightLine(baseline.value, target.value) || oppositeSigns(baseline.value, target.value)) return baseline.value + (target.value - baseline.value) * share;
  return baseline.value * Math.pow(target.value / baseline.value, share);
}

/** A yearly period (`2027`), as opposed to a half, quarter or month: baselines and targets are yearly, so the category compares yearly values only. */
export const YEARLY_PERIOD = /^\d{4}$/;

/**
 * The latest yearly value among an indicator's entries (oldest first, the
 * latest entry of a period counting), with whether it is final. Values of
 * halves, quarters or months are left out: a quarter's count is not a year's.
 */
export function latestYearlyValue(entries: readonly { period: string; value: number; final: boolean }[]): (YearValue & { final: boolean }) | null {
  let latest: (YearValue & { final: boolean }) | null = null;
  for (const e of entries) {
    if (!YEARLY_PERIOD.test(e.period)) continue;
    const year = Number(e.period);
    if (!latest || year >= latest.year) latest = { year, value: e.value, final: e.final };
  }
  return latest;
}
