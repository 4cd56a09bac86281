import type { ComponentChildren } from "preact";
import type { DashboardIndicator, YearValue } from "./dashboardTypes.js";
import { formatMeasure, formatNumber } from "./numbers.js";

/**
 * An indicator's yearly values against its trajectory from the baseline to
 * the target, as a small SVG of our own. Nothing is told by colour alone:
 * final values are filled circles, provisional ones hollow circles, the
 * baseline a square, the target a diamond, the trajectory a dashed line; a
 * legend in text follows, and the data table beside it holds every number.
 */

const WIDTH = 440;
const HEIGHT = 230;
const MARGIN = { left: 64, right: 18, top: 30, bottom: 42 };
const YEARLY = /^\d{4}$/;

/** Steps of 1, 2 or 5 × 10ⁿ, about four of them over the span. */
function niceStep(span: number): number {
  const raw = span / 4;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** The yearly values the chart draws (halves, quarters and months stay in the table). */
export function yearlyPoints(indicator: DashboardIndicator): (YearValue & { final: boolean })[] {
  return indicator.values.filter((v) => YEARLY.test(v.period)).map((v) => ({ year: Number(v.period), value: v.value, final: v.final }));
}

/** Whether there is anything to draw: a yearly value, or a baseline or target. */
export function hasChart(indicator: DashboardIndicator): boolean {
  return yearlyPoints(indicator).length > 0 || !!indicator.baseline || !!indicator.target;
}

/** The chart's accessible description: what it shows, in a sentence or two. */
export function chartDescription(indicator: DashboardIndicator): string {
  const unit = indicator.unit;
  const points = yearlyPoints(indicator);
  const values = points.length
    ? `Valeurs annuelles : ${points.map((p) => `${formatMeasure(p.value, unit)} en ${p.year} (${p.final ? "définitive" : "provisoire"})`).join(", ")}.`
    : "Aucune valeur annuelle.";
  const trajectory = indicator.baseline && indicator.target && indicator.trajectory.length
    ? ` Trajectoire attendue de ${formatMeasure(indicator.baseline.value, unit)} en ${indicator.baseline.year} (référence) à ${formatMeasure(indicator.target.value, unit)} en ${indicator.target.year} (cible).`
    : ` Pas de trajectoire : ${indicator.baseline ? `référence ${formatMeasure(indicator.baseline.value, unit)} en ${indicator.baseline.year}, pas de cible` : indicator.target ? `cible ${formatMeasure(indicator.target.value, unit)} en ${indicator.target.year}, pas de référence` : "ni référence ni cible"}.`;
  return `${values}${trajectory} ${indicator.progress.label}.`;
}

export function IndicatorChart(props: { indicator: DashboardIndicator; idPrefix: string }) {
  const { indicator } = props;
  const points = yearlyPoints(indicator);
  const trajectory = indicator.trajectory;
  const ends = [indicator.baseline, indicator.target].filter((e): e is YearValue => !!e);
  const years = [...points.map((p) => p.year), ...trajectory.map((t) => t.year), ...ends.map((e) => e.year)];
  const measures = [...points.map((p) => p.value), ...trajectory.map((t) => t.value), ...ends.map((e) => e.value)];
  let first = Math.min(...years);
  let last = Math.max(...years);
  if (first == last) { first -= 1; last += 1; }
  const low = Math.min(0, ...measures);
  const high = Math.max(...measures);
  const step = niceStep(high > low ? high - low : Math.abs(high) || 1);
  const yMin = Math.floor(low / step) * step;
  const yMax = Math.max(Math.ceil(high / step) * step, yMin + step);

  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (year: number) => MARGIN.left + ((year - first) / (last - first)) * plotWidth;
  const y = (value: number) => MARGIN.top + (1 - (value - yMin) / (yMax - yMin)) * plotHeight;
  const yTicks: number[] = [];
  for (let v = yMin; v <= yMax + step / 2; v += step) yTicks.push(Number(v.toPrecision(12)));
  const yearStep = last - first > 10 ? 2 : 1;
  const xTicks: number[] = [];
  for (let year = first; year <= last; year += yearStep) xTicks.push(year);
  const line = (list: YearValue[]) => list.map((p) => `${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const titleId = `${props.idPrefix}-title`;
  const descId = `${props.idPrefix}-desc`;

  return (
    <figure class="indicator-chart">
      <svg role="img" aria-labelledby={`${titleId} ${descId}`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} class="indicator-chart-svg">
        <title id={titleId}>{`Graphique : ${indicator.label}`}</title>
        <desc id={descId}>{chartDescription(indicator)}</desc>
        <g class="chart-grid">
          {yTicks.map((v) => (
            <g>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(v)} y2={y(v)} />
              <text x={MARGIN.left - 10} y={y(v)} dy="0.32em" text-anchor="end">{formatNumber(v)}</text>
            </g>
          ))}
          {xTicks.map((year) => (
            <text x={x(year)} y={HEIGHT - MARGIN.bottom + 16} text-anchor="middle">{year}</text>
          ))}
        </g>
        <line class="chart-axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={HEIGHT - MARGIN.bottom} y2={HEIGHT - MARGIN.bottom} />
        <line class="chart-axis" x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
        <text class="chart-axis-label" x={MARGIN.left + plotWidth / 2} y={HEIGHT - 6} text-anchor="middle">Année</text>
        <text class="chart-axis-label" x={8} y={14}>{indicator.unit ?? "Valeur"}</text>
        {trajectory.length > 1 && <polyline class="chart-trajectory" points={line(trajectory)} />}
        {indicator.baseline && <Square cx={x(indicator.baseline.year)} cy={y(indicator.baseline.value)} />}
        {indicator.target && <Diamond cx={x(indicator.target.year)} cy={y(indicator.target.value)} />}
        {points.length > 1 && <polyline class="chart-values" points={line(points)} />}
        {points.map((p) => <circle class={p.final ? "chart-point chart-point-final" : "chart-point chart-point-provisional"} cx={x(p.year)} cy={y(p.value)} r={5} />)}
      </svg>
      <figcaption>
        <ul class="chart-legend">
          {points.some((p) => p.final) && <li><LegendMark><circle class="chart-point chart-point-final" cx={9} cy={7} r={5} /></LegendMark>valeur définitive</li>}
          {points.some((p) => !p.final) && <li><LegendMark><circle class="chart-point chart-point-provisional" cx={9} cy={7} r={5} /></LegendMark>valeur provisoire</li>}
          {trajectory.length > 0 ? (
            <li><LegendMark><line class="chart-trajectory" x1={0} x2={18} y1={7} y2={7} /></LegendMark>trajectoire de la référence (<Square cx={0} cy={0} legend />) à la cible (<Diamond cx={0} cy={0} legend />)</li>
          ) : (
            <>
              {indicator.baseline && <li><Square cx={0} cy={0} legend />référence</li>}
              {indicator.target && <li><Diamond cx={0} cy={0} legend />cible</li>}
            </>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}

function LegendMark(props: { children: ComponentChildren }) {
  return <svg class="chart-legend-mark" width={18} height={14} viewBox="0 0 18 14" aria-hidden="true" focusable="false">{props.children}</svg>;
}

function Square(props: { cx: number; cy: number; legend?: boolean }) {
  const shape = <rect class="chart-baseline" x={(props.legend ? 9 : props.cx) - 5} y={(props.legend ? 7 : props.cy) - 5} width={10} height={10} />;
  return props.legend ? <LegendMark>{shape}</LegendMark> : shape;
}

function Diamond(props: { cx: number; cy: number; legend?: boolean }) {
  const cx = props.legend ? 9 : props.cx;
  const cy = props.legend ? 7 : props.cy;
  const shape = <polygon class="chart-target" points={`${cx},${cy - 6.5} ${cx + 6.5},${cy} ${cx},${cy + 6.5} ${cx - 6.5},${cy}`} />;
  return props.legend ? <LegendMark>{shape}</LegendMark> : shape;
}
