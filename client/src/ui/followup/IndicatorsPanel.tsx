import { useState } from "preact/hooks";
import { api } from "../../api.js";
import type { Charter } from "../../types.js";
import { DIRECTIONS } from "../../../../server/shared/followup.js";
import { ErrorAlert, Loading } from "../feedback.js";
import { useResource } from "../useResource.js";
import { IndicatorImport } from "./IndicatorImport.js";
import { IndicatorValueForm } from "./IndicatorValueForm.js";
import { IndicatorDialog } from "./IndicatorDialog.js";
import type { Indicator, IndicatorValue } from "./types.js";

const number = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** The value that counts for each period: the latest entered; periods in order. */
function latestPerPeriod(values: IndicatorValue[]): IndicatorValue[] {
  const latest = new Map<string, IndicatorValue>();
  for (const v of values) latest.set(v.period, v);
  return [...latest.values()].sort((a, b) => a.period.localeCompare(b.period));
}

const point = (p: { value: number; year: number } | null, unit: string | null) => (p ? `${number.format(p.value)}${unit ? ` ${unit}` : ""} (${p.year})` : "—");

/**
 * « Indicateurs »: every indicator of the signed charter with its baseline,
 * target and values per period (provisional or final), for every member;
 * the committee and the pilots also enter values and import CSV files.
 */
export function IndicatorsPanel(props: { charter: Charter; changes: number }) {
  const path = `/charters/${encodeURIComponent(props.charter.id)}/indicators`;
  const data = useResource((signal) => api<{ indicators: Indicator[] }>("GET", path, { signal }), [props.charter.id, props.changes]);
  const canRecord = !!props.charter.abilities["indicators:record"];
  const [editing, setEditing] = useState<Indicator | null>(null);
  const onEdit = props.charter.abilities["compliance:manage"] ? setEditing : undefined;
  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Loading />;
  const indicators = data.data.indicators;
  const objectives = indicators.filter((i) => i.kind == "objective");
  const ofCommitments = indicators.filter((i) => i.kind != "objective");
  return (
    <>
      <h3>Indicateurs</h3>
      {indicators.length == 0 && <p>La charte signée ne définit aucun indicateur.</p>}
      {canRecord && indicators.length > 0 && (
        <div class="indicator-forms">
          <IndicatorValueForm charterId={props.charter.id} indicators={indicators} onSaved={data.reload} />
          <IndicatorImport charterId={props.charter.id} onImported={data.reload} />
        </div>
      )}
      {objectives.length > 0 && <IndicatorTable caption="Objectifs quantitatifs de la charte et leurs valeurs par période" indicators={objectives} onEdit={onEdit} />}
      {ofCommitments.length > 0 && <IndicatorTable caption="Indicateurs des engagements et leurs valeurs par période" indicators={ofCommitments} onEdit={onEdit} />}
      {editing && (
        <IndicatorDialog charterId={props.charter.id} indicator={editing} organisations={props.charter.signatories ?? []} onClose={() => setEditing(null)} onDone={data.reload} />
      )}
    </>
  );
}

/** One table of indicators; for each period the latest value entered counts. */
function IndicatorTable(props: { caption: string; indicators: Indicator[]; onEdit?(indicator: Indicator): void }) {
  return (
    <div class="table-wrap">
      <table class="table indicators-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr><th scope="col">Code</th><th scope="col">Indicateur</th><th scope="col">Sens souhaité</th><th scope="col">Référence</th><th scope="col">Cible</th><th scope="col">Valeurs par période</th></tr>
        </thead>
        <tbody>
          {props.indicators.map((i) => {
            const values = latestPerPeriod(i.values);
            return (
              <tr>
                <td><code>{i.code}</code></td>
                <th scope="row">{i.label}{i.unit && <span class="indicator-unit"> ({i.unit})</span>}{i.source && <span class="indicator-source">Source : {i.source}</span>}
                  {props.onEdit && (
                    <button type="button" class="button button-small button-tertiary indicator-edit" onClick={() => props.onEdit!(i)}>
                      Modifier<span class="visually-hidden"> l'indicateur {i.code}</span>
                    </button>
                  )}
                </th>
                <td>{i.direction ? DIRECTIONS[i.direction] : "—"}</td>
                <td>{point(i.baseline, i.unit)}</td>
                <td>{point(i.target, i.unit)}</td>
                <td>
                  {values.length == 0 ? (
                    <span class="indicator-empty">Aucune valeur</span>
                  ) : (
                    <ul class="indicator-values">
                      {values.map((v) => (
                        <li>
                          <span class="indicator-period">{v.period}</span> : {number.format(v.value)}{" "}
                          <span class={v.final ? "indicator-final" : "indicator-provisional"}>({v.final ? "définitive" : "provisoire"})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
