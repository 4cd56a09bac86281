import { TableScroll } from "../TableScroll.js";
import type { Distribution } from "./dashboardTypes.js";
import { formatNumber, formatShare } from "./numbers.js";

type Legend = { id: string; label: string }[];

/** A bar for a count, drawn beside its number (never instead of it), so it tells nothing by colour. */
function Bar(props: { count: number; total: number }) {
  const width = props.total ? (100 * props.count) / props.total : 0;
  return <span class="count-bar" aria-hidden="true"><span style={{ width: `${width}%` }} /></span>;
}

/** The commitments of the charter counted by one scale (declared status or appraisal): count, share and bar per value. */
export function CountsTable(props: { caption: string; legend: Legend; counts: Record<string, number>; total: number; header: string }) {
  return (
    <TableScroll label={props.caption}>
      <table class="table counts-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr><th scope="col">{props.header}</th><th scope="col">Engagements</th><th scope="col">Part</th><th scope="col"><span class="visually-hidden">Barre proportionnelle</span></th></tr>
        </thead>
        <tbody>
          {props.legend.map((l) => (
            <tr>
              <th scope="row">{l.label}</th>
              <td class="count">{formatNumber(props.counts[l.id] ?? 0)}</td>
              <td class="count">{props.total ? formatShare((props.counts[l.id] ?? 0) / props.total) : "—"}</td>
              <td class="count-bar-cell"><Bar count={props.counts[l.id] ?? 0} total={props.total} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th scope="row">Total</th><td class="count">{formatNumber(props.total)}</td><td /><td /></tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}

/** Groups (organisations, stages or articles) counted by one scale: one row per group, one column per value, its total and, for statuses, how many are late. */
export function BreakdownTable(props: {
  caption: string; groupHeader: string; legend: Legend; rows: { key: string; label: string; distribution: Distribution }[];
  scale: "byStatus" | "byAppraisal"; overdueLabel: string;
}) {
  const withOverdue = props.scale == "byStatus";
  return (
    <TableScroll label={props.caption}>
      <table class="table breakdown-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.groupHeader}</th>
            {props.legend.map((l) => <th scope="col">{l.label}</th>)}
            <th scope="col">Total</th>
            {withOverdue && <th scope="col">dont {props.overdueLabel.toLowerCase()}</th>}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              {props.legend.map((l) => {
                const n = r.distribution[props.scale][l.id] ?? 0;
                return <td class="count"><span class={n ? "" : "count-zero"}>{formatNumber(n)}</span><Bar count={n} total={r.distribution.total} /></td>;
              })}
              <td class="count"><strong>{formatNumber(r.distribution.total)}</strong></td>
              {withOverdue && <td class="count">{formatNumber(r.distribution.overdue)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
