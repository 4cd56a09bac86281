/**
 * Which indicator values a closed campaign froze, and what may still be
 * entered for their periods.
 *
 * A closed campaign's dashboard, report and public synthesis are built from
 * its snapshot (`frozenCampaign.ts`), so no value entered afterwards changes
 * them. The live values still feed the campaigns under way and the next
 * reports (a year N is N-1 of the next report), so a figure the committee saw
 * is not replaced by any other provisional figure: for a period the closed
 * campaign covers (overlapping its start–end dates) where a value had been
 * entered before the closing, only the final value may still be recorded —
 * the consolidated figure that often arrives months after the committee. It
 * is recorded as a new entry, shown from then on everywhere except in the
 * closed campaign, whose report keeps the frozen figure. A final value, as
 * always, is never replaced. A period with nothing entered before the closing
 * stays open to provisional values: the closed report said « no value ».
 */

/** The first and last day (YYYY-MM-DD) of a period `2027`, `2027-S1`, `2027-T2` or `2027-03`. */
export function periodDays(period: string): [string, string] {
  const year = Number(period.slice(0, 4));
  const part = period.slice(5);
  const [first, last] = !part ? [1, 12] : part[0] == "S" ? (part == "S1" ? [1, 6] : [7, 12])
    : part[0] == "T" ? [Number(part[1]) * 3 - 2, Number(part[1]) * 3] : [Number(part), Number(part)];
  const day = (month: number, d: number) => new Date(Date.UTC(year, month - 1, d)).toISOString().slice(0, 10);
  return [day(first, 1), day(last + 1, 0)];
}

export interface ClosedCampaign { label: string; start_date: string; end_date: string; closed_at: string }

/**
 * The closed campaign that froze a value of this period, given when the
 * period's values were entered: one covering the period and closed after one
 * of them. Undefined when the period is free.
 */
export function freezingCampaign(period: string, enteredAt: string[], closed: ClosedCampaign[]): ClosedCampaign | undefined {
  if (!enteredAt.length) return undefined;
  const [first, last] = periodDays(period);
  const earliest = enteredAt.reduce((a, b) => a < b ? a : b);
  return closed.find((c) => first <= c.end_date && last >= c.start_date && earliest <= c.closed_at);
}
