import { useState } from "preact/hooks";
import { api, asApiError, type ApiError } from "../../api.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../Field.js";
import { ErrorAlert } from "../feedback.js";

const FIELDS = ["label", "start", "end", "deadline", "committeeDate"] as const;
type CampaignField = (typeof FIELDS)[number];
const ids: Record<CampaignField, string> = { label: "campaign-label", start: "campaign-start", end: "campaign-end", deadline: "campaign-deadline", committeeDate: "campaign-committee" };

/**
 * The next yearly campaign, as pilots usually open it: the year after the
 * last one, declarations in January, committee in February. The first one is
 * last year's, or the year the charter took effect if later, from that day:
 * a charter in force since December 2026 is not reviewed for 2025.
 */
function defaults(lastEnd: string | undefined, effectiveDate: string | null | undefined): Record<CampaignField, string> {
  const effectiveYear = effectiveDate ? Number(effectiveDate.slice(0, 4)) : -Infinity;
  const year = lastEnd ? Number(lastEnd.slice(0, 4)) + 1 : Math.max(new Date().getFullYear() - 1, effectiveYear);
  const start = !lastEnd && year == effectiveYear ? effectiveDate! : `${year}-01-01`;
  return { label: `Bilan ${year}`, start, end: `${year}-12-31`, deadline: `${year + 1}-01-31`, committeeDate: `${year + 1}-02-15` };
}

/**
 * « Ouvrir une campagne » (pilots): its name, the period it covers, the
 * deadline for declarations and the committee's date. The server checks the
 * dates and their order; its error is shown beside the field it is about.
 */
export function OpenCampaignForm(props: { charterId: string; lastEnd?: string; effectiveDate?: string | null; onOpened(): void }) {
  const [values, setValues] = useState(() => defaults(props.lastEnd, props.effectiveDate));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: CampaignField) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/charters/${encodeURIComponent(props.charterId)}/campaigns`, { body: values });
      props.onOpened();
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      focusErrorField(apiError, ids);
    } finally {
      setBusy(false);
    }
  }

  const date = (field: Exclude<CampaignField, "label">, label: string, hint?: string) => (
    <Field id={ids[field]} label={label} hint={hint} error={errorFor(error, field)}>
      <input {...fieldAttributes(ids[field], { hint, error: errorFor(error, field) })} type="date" value={values[field]} onInput={set(field)} />
    </Field>
  );

  return (
    <form class="campaign-form" onSubmit={submit} noValidate aria-labelledby="campaign-form-title">
      <h4 id="campaign-form-title">Ouvrir une campagne</h4>
      <p class="hint">Les organisations déclarent ce qu'elles ont fait de leurs engagements pendant la période, jusqu'à la date limite ; le comité apprécie ensuite les déclarations.</p>
      <ErrorAlert error={error} fields={FIELDS} />
      <Field id={ids.label} label="Nom de la campagne" hint="Par exemple « Bilan 2027 »." error={errorFor(error, "label")}>
        <input {...fieldAttributes(ids.label, { hint: true, error: errorFor(error, "label") })} type="text" value={values.label} onInput={set("label")} />
      </Field>
      <div class="form-row">
        {date("start", "Début de la période")}
        {date("end", "Fin de la période")}
      </div>
      <div class="form-row">
        {date("deadline", "Date limite des déclarations")}
        {date("committeeDate", "Date du comité")}
      </div>
      <button type="submit" class="button" aria-disabled={busy ? "true" : undefined}>{busy ? "Ouverture…" : "Ouvrir la campagne"}</button>
    </form>
  );
}
