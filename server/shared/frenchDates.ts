/**
 * The first of a month is written « 1er » in French (« 1er décembre 2026 »),
 * which `Intl.DateTimeFormat("fr-FR")` does not do: it gives « 1 décembre ».
 * Takes a date as that formatter writes it with a long month, at the start of the text.
 */
export function withFrenchFirst(formatted: string): string {
  return formatted.replace(/^1(?= )/, "1er");
}
