import type { Departement } from "../shared/departements.js";
import { departementWithArticle, ofDepartement } from "../shared/departementArticles.js";

/**
 * What is known of a charter when it is created, and so need not stay a
 * placeholder: the département, and the years the charter covers.
 */
export interface KnownValues {
  departement: Departement;
  /** The charter's first year. */
  startYear: number;
  /** How many years it lasts, if the template says. */
  durationYears: number | null;
}

const NUMBER_WORDS = ["", "un an", "deux ans", "trois ans", "quatre ans", "cinq ans", "six ans"];

/**
 * Replaces, in a piece of template text, the placeholders whose value is
 * known: « de [département] » becomes « du Nord », « de l'Ain » or « de
 * Maine-et-Loire », a bare « [département] » the name with its article,
 * « [première année] » and « [dernière année] » the charter's years,
 * « [durée] » its duration in words; `{département}` (the title's form) the
 * bare name. Anything else is left for people to complete.
 */
export function fillKnownValues(text: string, known: KnownValues): string {
  const { departement, startYear, durationYears } = known;
  let out = text
    .replaceAll("{département}", departement.name)
    .replace(/\b([Dd])e \[département\]/g, (_, d: string) => (d == "D" ? capitalise(ofDepartement(departement)) : ofDepartement(departement)))
    .replaceAll("[département]", departementWithArticle(departement))
    .replaceAll("[première année]", String(startYear));
  if (durationYears) out = out.replaceAll("[dernière année]", String(startYear + durationYears - 1)).replaceAll("[durée]", NUMBER_WORDS[durationYears]);
  return out;
}

/**
 * An échéance written for a charter starting in `from`, moved to one
 * starting in `to`; the 29th of February becomes the 28th in a common year.
 */
export function shiftDueDate(due: string, from: number, to: number): string {
  if (from == to) return due;
  const [year, month, day] = due.split("-").map(Number);
  const y = year + (to - from);
  const lastDay = new Date(Date.UTC(y, month, 0)).getUTCDate();
  return `${String(y).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(day, lastDay)).padStart(2, "0")}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
