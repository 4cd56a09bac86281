/** Numbers of the dashboard, the French way. */

const plain = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });

/** A count or measure, e.g. « 1 204,5 ». */
export const formatNumber = (n: number) => plain.format(n);

/** A share between 0 and 1, e.g. « 40 % ». */
export const formatShare = (share: number) => percent.format(share);

/** A value with its unit: « 72,5 % », « 1 204 » (a count says nothing more), « 3 jours ». */
export function formatMeasure(value: number, unit: string | null): string {
  if (!unit || unit == "nombre") return plain.format(value);
  return `${plain.format(value)} ${unit}`;
}
