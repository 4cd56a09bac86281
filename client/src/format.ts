/*
 * Dates shown the French way. Due dates are calendar days (`YYYY-MM-DD`) and
 * are formatted in UTC so that they never shift by a day with the user's
 * time zone; timestamps are shown in the user's time zone.
 */
import { withFrenchFirst } from "../../server/shared/frenchDates.js";

const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });
const dayOfTimestamp = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" });
const dateTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short" });

/** A calendar day such as `2028-12-31` → « 31 décembre 2028 » (`2028-12-01` → « 1er décembre 2028 »). */
export function formatDay(isoDay: string): string {
  const date = new Date(isoDay + "T00:00:00Z");
  return isNaN(date.getTime()) ? isoDay : withFrenchFirst(day.format(date));
}

/** The day of a timestamp, in the user's time zone. */
export function formatTimestampDay(iso: string): string {
  const date = new Date(iso);
  return isNaN(date.getTime()) ? iso : withFrenchFirst(dayOfTimestamp.format(date));
}

/** A timestamp with its time. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return isNaN(date.getTime()) ? iso : withFrenchFirst(dateTime.format(date));
}
