import { useState } from "preact/hooks";
import { api, ApiError, asApiError } from "../../api.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../Field.js";
import { ErrorAlert, Notice } from "../feedback.js";
import type { Indicator } from "./types.js";

const ids = { indicator: "indicator-value-indicator", period: "indicator-value-period", value: "indicator-value-value", final: "indicator-value-final" };
const PERIOD_HINT = "Une année (2027), un semestre (2027-S1), un trimestre (2027-T2) ou un mois (2027-03).";

/** A number typed the French way (« 1 234,5 ») or not; NaN when it is not one. */
function parseNumber(text: string): number {
  const normalised = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : NaN;
}

/**
 * Entering one indicator's value for a period (committee and pilots),
 * provisional or final; a final value no longer changes, and the server
 * refuses to replace it.
 */
export function IndicatorValueForm(props: { charterId: string; indicators: Indicator[]; onSaved(): void }) {
  const [indicatorId, setIndicatorId] = useState("");
  const [period, setPeriod] = useState(String(new Date().getFullYear() - 1));
  const [value, setValue] = useState("");
  const [final, setFinal] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);

  function refuse(field: keyof typeof ids, message: string) {
    const e = new ApiError(400, "invalid_input", message, field);
    setError(e);
    focusErrorField(e, ids);
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setDone("");
    if (!indicatorId) return refuse("indicator", "Choisissez l'indicateur.");
    const number = parseNumber(value);
    if (!Number.isFinite(number)) return refuse("value", value.trim() ? `« ${value.trim()} » n'est pas un nombre.` : "Indiquez la valeur.");
    setBusy(true);
    try {
      await api("POST", `/charters/${encodeURIComponent(props.charterId)}/indicators/${encodeURIComponent(indicatorId)}/values`, { body: { period: period.trim(), value: number, final } });
      const indicator = props.indicators.find((i) => i.id == indicatorId);
      setDone(`Valeur ${final ? "définitive" : "provisoire"} enregistrée : ${indicator?.code} pour ${period.trim()}.`);
      setValue("");
      props.onSaved();
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      focusErrorField(apiError, ids);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="indicator-value-form" onSubmit={submit} noValidate aria-labelledby="indicator-value-title">
      <h4 id="indicator-value-title">Saisir une valeur</h4>
      <ErrorAlert error={error} fields={Object.keys(ids)} />
      <Field id={ids.indicator} label="Indicateur" error={errorFor(error, "indicator")}>
        <select {...fieldAttributes(ids.indicator, { error: errorFor(error, "indicator") })} value={indicatorId} onChange={(e) => setIndicatorId(e.currentTarget.value)}>
          <option value="">— Choisir —</option>
          {props.indicators.map((i) => <option value={i.id}>{i.code} — {i.label}</option>)}
        </select>
      </Field>
      <div class="form-row">
        <Field id={ids.period} label="Période" hint={PERIOD_HINT} error={errorFor(error, "period")}>
          <input {...fieldAttributes(ids.period, { hint: true, error: errorFor(error, "period") })} type="text" value={period} onInput={(e) => setPeriod(e.currentTarget.value)} />
        </Field>
        <Field id={ids.value} label="Valeur" hint="Un nombre ; la virgule décimale est acceptée." error={errorFor(error, "value")}>
          <input {...fieldAttributes(ids.value, { hint: true, error: errorFor(error, "value") })} type="text" inputMode="decimal" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </Field>
      </div>
      <p class="checkbox-line">
        <input id={ids.final} type="checkbox" checked={final} onChange={(e) => setFinal(e.currentTarget.checked)} aria-describedby={`${ids.final}-hint`} />
        <label for={ids.final}>Valeur définitive</label>
      </p>
      <p class="hint" id={`${ids.final}-hint`}>Une valeur définitive ne peut plus être remplacée ; une valeur provisoire peut l'être par une saisie ou un import ultérieurs.</p>
      <button type="submit" class="button" aria-disabled={busy ? "true" : undefined}>{busy ? "Enregistrement…" : "Enregistrer la valeur"}</button>
      {done && <Notice kind="success">{done}</Notice>}
    </form>
  );
}
