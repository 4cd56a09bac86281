/**
 * How a version is named wherever it appears (history, differences, freeze
 * banner, journal): a named version by its own number, « V3 », and its label;
 * an automatic checkpoint by its date, « Point de sauvegarde du … ».
 * Shared by the client and the server (the journal's sentences).
 */

/** The stored label of the checkpoints the server takes when the last editor leaves. */
export const CHECKPOINT_LABEL = "Point de sauvegarde automatique";

/** What naming a version needs. `number` is the V-number, null for a checkpoint. */
export interface NameableVersion {
  number: number | null;
  kind: "named" | "auto";
  label: string;
  createdAt: string;
}

/** Formats a timestamp for people (the client's own time zone; Paris time on the server). */
export type DateTimeFormat = (iso: string) => string;

/** « V3 », or « Point de sauvegarde du 1 déc. 2026, 10:05 ». */
export function versionShortName(v: NameableVersion, formatDateTime: DateTimeFormat): string {
  return v.kind == "named" && v.number != null ? `V${v.number}` : `Point de sauvegarde du ${formatDateTime(v.createdAt)}`;
}

/** « V3 « Après le comité » », or a checkpoint's short name. */
export function versionName(v: NameableVersion, formatDateTime: DateTimeFormat): string {
  return v.kind == "named" && v.number != null ? `V${v.number} « ${v.label} »` : versionShortName(v, formatDateTime);
}

/** « la version V3 » (with its label if `full`), or « le point de sauvegarde du … ». */
export function theVersion(v: NameableVersion, formatDateTime: DateTimeFormat, full = false): string {
  if (v.kind == "named" && v.number != null) return `la version ${full ? versionName(v, formatDateTime) : `V${v.number}`}`;
  return `le point de sauvegarde du ${formatDateTime(v.createdAt)}`;
}

/** « de la version V3 », or « du point de sauvegarde du … ». */
export function ofTheVersion(v: NameableVersion, formatDateTime: DateTimeFormat): string {
  return v.kind == "named" && v.number != null ? `de la version V${v.number}` : `du point de sauvegarde du ${formatDateTime(v.createdAt)}`;
}
