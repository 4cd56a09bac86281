/**
 * The indicator rows of the yearly evaluation report: yearly values for
 * N-2…N, the baseline-to-target trajectory at N, the gap to it, the progress
 * category and a one-line analysis, as French budget performance annexes
 * lay them out. The category is the dashboard's (`progressCategory.ts`).
 */

/** An indicator as the report needs it (plain data: it goes to the export worker). */
export interface ReportIndicator {
  code: string;
  label: string;
  kind: "objective" | "commitment";
  unit: string | null;
  direction: "up" | "down" | null;
  source: string | null;
  method: string | null;
  organisation: string | null;
  baseline: { value: number; year: number } | null;
  target: { value: number; year: number } | null;
  /** The yearly value for each of the report's years (N-2, N-1, N), null when none was entered. */
  years: ({ value: number; final: boolean } | null)[];
  /** Where the baseline-to-target line stands at N. */
  trajectory: number | null;
  /** Achieved N minus the trajectory at N. */
  gap: number | null;
  category: string;
  analysis: string;
}

export interface IndicatorValueEntry {
  period: string;
  value: number;
  final: boolean;
}

/** The latest entry of each yearly period (`2027`), by year. */
export function yearlyValues(entries: IndicatorValueEntry[]): Map<number, { value: number; final: boolean }> {
  const byYear = new Map<number, { value: number; final: boolean }>();
  // Entries come oldest first: the latest entered for a period counts.
  for (const e of entries) if (/^\d{4}$/.test(e.period)) byYear.set(Number(e.period), { value: e.value, final: e.final });
  return byYear;
}

/** A number as the French write it, with its unit. */
export function frenchNumber(value: number | null, unit?: string | null): string {
  if (value == null) return "—";
  const text = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(value);
  return unit == "%" ? `${text} %` : text;
}

/** A sentence on where the indicator stands at N, from its values, trajectory and category. */
export function indicatorAnalysis(i: Pick<ReportIndicator, "unit" | "direction" | "baseline" | "target" | "years" | "trajectory" | "gap" | "category">, years: number[], note: string | null): string {
  const n = i.years.at(-1);
  const previous = i.years.at(-2);
  const parts: string[] = [];
  if (!n) parts.push(`Aucune valeur annuelle saisie pour ${years.at(-1)}.`);
  else {
    parts.push(`${years.at(-1)} : ${frenchNumber(n.value, i.unit)}${n.final ? "" : " (provisoire)"}${previous ? `, contre ${frenchNumber(previous.value, i.unit)} en ${years.at(-2)}` : ""}.`);
    if (i.trajectory != null && i.gap != null) {
      const ahead = i.direction == "down" ? i.gap <= 0 : i.gap >= 0;
      parts.push(`Trajectoire attendue : ${frenchNumber(i.trajectory, i.unit)} (${ahead ? "atteinte ou dépassée" : `écart de ${frenchNumber(i.gap, i.unit)}`}).`);
    }
  }
  if (!i.target) parts.push("Pas de cible chiffrée.");
  parts.push(`Catégorie : ${i.category}${note ? ` (${note[0].toLowerCase()}${note.slice(1).replace(/\.$/, "")})` : ""}.`);
  return parts.join(" ");
}
