import type { NameableVersion } from "../../shared/versionNames.js";
import type { VersionSummaryRow } from "../../store/versions.js";
import { withFrenchFirst } from "../../shared/frenchDates.js";

const paris = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" });

/** A timestamp as the server writes it into French text (labels, journal): Paris time, where the charters are. */
export function parisDateTime(iso: string): string {
  const date = new Date(iso);
  return isNaN(date.getTime()) ? iso : withFrenchFirst(paris.format(date));
}

/** What naming a stored version needs (see shared/versionNames.ts). */
export function presentName(v: Pick<VersionSummaryRow, "named_number" | "kind" | "label" | "created_at">): NameableVersion {
  return { number: v.named_number, kind: v.kind, label: v.label, createdAt: v.created_at };
}
