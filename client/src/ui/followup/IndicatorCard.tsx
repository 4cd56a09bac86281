import { TableScroll } from "../TableScroll.js";
import type { DashboardIndicator } from "./dashboardTypes.js";
import { hasChart, IndicatorChart } from "./IndicatorChart.js";
import { formatMeasure } from "./numbers.js";

const YEARLY = /^\d{4}$/;

/** The rows of an indicator's data table: every period with a value, every year of the trajectory, the baseline's and the target's, in order. */
function tableRows(indicator: DashboardIndicator) {
  const expected = new Map(indicator.trajectory.map((t) => [String(t.year), t.value]));
  // Without a trajectory (no target, or no baseline) the baseline or target still has its row.
  for (const end of [indicator.baseline, indicator.target]) if (end && !expected.has(String(end.year))) expected.set(String(end.year), end.value);
  const periods = new Set([...indicator.values.map((v) => v.period), ...expected.keys()]);
  const values = new Map(indicator.values.map((v) => [v.period, v]));
  return [...periods].sort((a, b) => a.localeCompare(b)).map((period) => ({
    period,
    value: values.get(period) ?? null,
    expected: expected.get(period) ?? null,
    note: YEARLY.test(period) ? [indicator.baseline?.year == Number(period) && "référence", indicator.target?.year == Number(period) && "cible"].filter(Boolean).join(", ") : "",
  }));
}

/**
 * One indicator on the dashboard: its progress category in words, its
 * definition (unit, direction, baseline, target, source, method), then its
 * chart with the data table always beside it (RGAA: the table says all the
 * chart shows).
 */
export function IndicatorCard(props: { indicator: DashboardIndicator }) {
  const i = props.indicator;
  const prefix = `indicator-${i.id}`;
  const rows = tableRows(i);
  return (
    <article class="indicator-card" aria-labelledby={`${prefix}-heading`}>
      <h5 id={`${prefix}-heading`}>{i.label}</h5>
      <p class={`indicator-category indicator-category-${i.progress.category}`}>
        Progrès : <strong>{i.progress.label}</strong>
        {i.progress.note && <span class="indicator-category-note"> — {i.progress.note}</span>}
      </p>
      <dl class="indicator-definition">
        <div><dt>Code</dt><dd><code>{i.code}</code></dd></div>
        <div><dt>Unité</dt><dd>{i.unit ?? "—"}</dd></div>
        <div><dt>Sens souhaité</dt><dd>{i.directionLabel ?? "Non défini"}</dd></div>
        <div><dt>Référence</dt><dd>{i.baseline ? `${formatMeasure(i.baseline.value, i.unit)} en ${i.baseline.year}` : "Non définie"}</dd></div>
        <div><dt>Cible</dt><dd>{i.target ? `${formatMeasure(i.target.value, i.unit)} en ${i.target.year}` : "Non définie"}</dd></div>
        {i.organisation && <div><dt>Responsable</dt><dd>{i.organisation.name}</dd></div>}
        {i.source && <div><dt>Source</dt><dd>{i.source}</dd></div>}
        {i.method && <div class="indicator-method"><dt>Méthode de calcul</dt><dd>{i.method}</dd></div>}
      </dl>
      <div class="indicator-figure">
        {hasChart(i) ? <IndicatorChart indicator={i} idPrefix={`${prefix}-chart`} /> : <p class="indicator-nochart">Ni valeur, ni référence, ni cible : rien à représenter.</p>}
        {rows.length > 0 && (
          <TableScroll label={`Données : ${i.label}`} class="indicator-data">
            <table class="table">
              <caption>Données : {i.label}</caption>
              <thead>
                <tr><th scope="col">Période</th><th scope="col">Valeur</th><th scope="col">Référence, trajectoire attendue, cible</th></tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <th scope="row">{r.period}{r.note && <span class="indicator-row-note"> ({r.note})</span>}</th>
                    <td>{r.value ? <>{formatMeasure(r.value.value, i.unit)} <span class={r.value.final ? "indicator-final" : "indicator-provisional"}>({r.value.final ? "définitive" : "provisoire"})</span></> : "—"}</td>
                    <td>{r.expected == null ? "—" : formatMeasure(Math.round(r.expected * 10) / 10, i.unit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </div>
    </article>
  );
}
