/**
 * The first of a month is written « 1er » in French (« 1er décembre 2026 »),
 * which `Intl.DateTimeFormat("fr-FR")` does not do: it gives « 1 décembre ».
 * Takes a date as that formatter writes it with a long month, at the start of the text.
 */
export function withFrenchFirst(formatted: string): string {
  return formatted.replace(/^1(?= )/, "1er");
}

/** A calendar day as the French write it: `2028-06-30` → « 30 juin 2028 », `2026-12-01` → « 1er décembre 2026 ». */
export function frenchDay(isoDay: string): string {
  const date = new Date(isoDay + "T00:00:00Z");
  return isNaN(date.getTime()) ? isoDay : withFrenchFirst(new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" }).format(date));
}

const PARIS_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * The calendar day (YYYY-MM-DD) a moment falls on in Paris: a charter signed
 * at 00:08 on 2 December, Paris time, is in force from the 2nd, though it is
 * still the 1st in UTC. Every « today » of the follow-up is this day too.
 */
export function parisDay(at: Date | string = new Date()): string {
  return PARIS_DAY.format(typeof at == "string" ? new Date(at) : at);
}
