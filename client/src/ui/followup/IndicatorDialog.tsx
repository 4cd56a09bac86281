import { useState } from "preact/hooks";
import { api, ApiError } from "../../api.js";
import type { Organisation } from "../../types.js";
import { DIRECTIONS } from "../../../../server/shared/followup.js";
import { useDialogSubmit } from "../useDialogSubmit.js";
import { FormActions } from "../signing/FormActions.js";
import { Dialog } from "../Dialog.js";
import { ErrorAlert } from "../feedback.js";
import { Field, errorFor, fieldAttributes } from "../Field.js";
import type { Indicator } from "./types.js";

type Point = { value: string; year: string };
/** The fields whose errors are shown beside them rather than above the form. */
const FIELDS = ["label", "unit", "direction", "source", "method", "organisationId", "baseline", "baseline.value", "baseline.year", "target", "target.value", "target.year"];
const pointText = (p: Indicator["baseline"]): Point => (p ? { value: String(p.value).replace(".", ","), year: String(p.year) } : { value: "", year: "" });

/** A baseline or target as typed: both parts, or neither (cleared); else the error names the part missing. */
function readPoint(field: "baseline" | "target", p: Point): { value: number; year: number } | null {
  const value = p.value.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  const year = p.year.trim();
  if (!value && !year) return null;
  const label = field == "baseline" ? "la référence" : "la cible";
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new ApiError(400, "invalid_input", value ? `La valeur de ${label} est un nombre.` : `Indiquez la valeur de ${label}, ou videz aussi son année.`, `${field}.value`);
  if (!/^\d{4}$/.test(year)) throw new ApiError(400, "invalid_input", year ? `L'année de ${label} s'écrit sur quatre chiffres.` : `Indiquez l'année de ${label}, ou videz aussi sa valeur.`, `${field}.year`);
  return { value: Number(value), year: Number(year) };
}

/** The error about a field or one of its parts (`baseline`, `baseline.value`). */
const errorAbout = (error: ApiError | null, field: string) => (error?.field == field || error?.field?.startsWith(field + ".") ? error.message : undefined);

/**
 * Changing an indicator's definition (pilots): what it measures, its unit,
 * the desired direction, source and method, baseline and target (value and
 * year), and the organisation answering for it. The dashboard computes the
 * progress category from the direction, baseline and target.
 */
export function IndicatorDialog(props: { charterId: string; indicator: Indicator; organisations: Organisation[]; onClose(): void; onDone(): void }) {
  const i = props.indicator;
  const prefix = `indicator-${i.id}`;
  const [label, setLabel] = useState(i.label);
  const [unit, setUnit] = useState(i.unit ?? "");
  const [direction, setDirection] = useState<string>(i.direction ?? "");
  const [source, setSource] = useState(i.source ?? "");
  const [method, setMethod] = useState(i.method ?? "");
  const [baseline, setBaseline] = useState(pointText(i.baseline));
  const [target, setTarget] = useState(pointText(i.target));
  const [organisationId, setOrganisationId] = useState(i.organisationId ?? "");

  const { busy, error, submit } = useDialogSubmit(
    async () => {
      const body = {
        label, unit: unit.trim() || null, direction: direction || null, source: source.trim() || null, method: method.trim() || null,
        baseline: readPoint("baseline", baseline), target: readPoint("target", target), organisationId: organisationId || null,
      };
      await api("PATCH", `/charters/${encodeURIComponent(props.charterId)}/indicators/${encodeURIComponent(i.id)}`, { body });
    },
    {
      onClose: props.onClose, onDone: props.onDone,
      onError: (e) => {
        const part = e.field?.replace(/^(baseline|target)$/, "$1.value");
        if (part) document.getElementById(`${prefix}-${part.replace(".", "-")}`)?.focus();
      },
    },
  );

  const text = (field: string, fieldLabel: string, value: string, set: (v: string) => void, hint?: string) => (
    <Field id={`${prefix}-${field}`} label={fieldLabel} optional={field != "label"} hint={hint} error={errorFor(error, field)}>
      <input {...fieldAttributes(`${prefix}-${field}`, { hint, error: errorFor(error, field) })} type="text" value={value} onInput={(e) => set(e.currentTarget.value)} />
    </Field>
  );
  const point = (field: "baseline" | "target", legend: string, value: Point, set: (p: Point) => void) => {
    const message = errorAbout(error, field);
    return (
      <fieldset class={"field indicator-point" + (message ? " field-invalid" : "")} aria-describedby={message ? `${prefix}-${field}-error` : undefined}>
        <legend>{legend} <span class="optional">(facultatif)</span></legend>
        <div class="form-row">
          <p class="indicator-point-part">
            <label for={`${prefix}-${field}-value`}>Valeur</label>
            <input id={`${prefix}-${field}-value`} type="text" inputMode="decimal" aria-invalid={error?.field == `${field}.value` || error?.field == field ? true : undefined} value={value.value} onInput={(e) => set({ ...value, value: e.currentTarget.value })} />
          </p>
          <p class="indicator-point-part">
            <label for={`${prefix}-${field}-year`}>Année</label>
            <input id={`${prefix}-${field}-year`} type="text" inputMode="numeric" aria-invalid={error?.field == `${field}.year` ? true : undefined} value={value.year} onInput={(e) => set({ ...value, year: e.currentTarget.value })} />
          </p>
        </div>
        {message && <p class="field-error" id={`${prefix}-${field}-error`} role="alert">{message}</p>}
      </fieldset>
    );
  };

  return (
    <Dialog title={`Modifier l'indicateur ${i.code}`} onClose={props.onClose}>
      <form class="dialog-body indicator-dialog" onSubmit={submit} noValidate>
        <ErrorAlert error={error} fields={FIELDS} />
        {text("label", "Libellé", label, setLabel)}
        <div class="form-row">
          {text("unit", "Unité", unit, setUnit, "Par exemple « % » ou « nombre ».")}
          <Field id={`${prefix}-direction`} label="Sens souhaité" optional error={errorFor(error, "direction")}>
            <select {...fieldAttributes(`${prefix}-direction`, { error: errorFor(error, "direction") })} value={direction} onChange={(e) => setDirection(e.currentTarget.value)}>
              <option value="">— Non précisé —</option>
              {Object.entries(DIRECTIONS).map(([id, name]) => <option value={id}>{name}</option>)}
            </select>
          </Field>
        </div>
        {text("source", "Source", source, setSource, "Par exemple « EXPLOC (préfecture) ».")}
        <Field id={`${prefix}-method`} label="Méthode de calcul" optional error={errorFor(error, "method")}>
          <textarea {...fieldAttributes(`${prefix}-method`, { error: errorFor(error, "method") })} rows={2} value={method} onInput={(e) => setMethod(e.currentTarget.value)} />
        </Field>
        <div class="form-row">
          {point("baseline", "Référence", baseline, setBaseline)}
          {point("target", "Cible", target, setTarget)}
        </div>
        <Field id={`${prefix}-organisationId`} label="Organisation responsable" optional error={errorFor(error, "organisationId")}>
          <select {...fieldAttributes(`${prefix}-organisationId`, { error: errorFor(error, "organisationId") })} value={organisationId} onChange={(e) => setOrganisationId(e.currentTarget.value)}>
            <option value="">— Aucune —</option>
            {props.organisations.map((o) => <option value={o.id}>{o.name}</option>)}
          </select>
        </Field>
        <FormActions label="Enregistrer l'indicateur" busy={busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
