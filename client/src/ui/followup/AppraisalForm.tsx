import { useState } from "preact/hooks";
import { api, ApiError, asApiError } from "../../api.js";
import { APPRAISALS, APPRAISAL_OUTCOMES, type Appraisal, type AppraisalOutcome } from "../../../../server/shared/followup.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../Field.js";
import { ErrorAlert } from "../feedback.js";

/**
 * A reviewer's appraisal of one declaration (its latest revision): the scale
 * from « Aucun élément probant » to « Complet », a comment, and what follows —
 * validated, or sent back to the organisation (« à compléter », « contesté »),
 * which may then answer once. A later appraisal replaces this one; both are kept.
 */
export function AppraisalForm(props: { name: string; charterId: string; campaignId: string; declarationId: string; current?: { appraisal?: Appraisal; comment: string; outcome: AppraisalOutcome | null }; onSaved(): void }) {
  const prefix = `appraisal-${props.declarationId}`;
  const ids = { appraisal: `${prefix}-scale-${Object.keys(APPRAISALS)[0]}`, comment: `${prefix}-comment`, outcome: `${prefix}-outcome-${Object.keys(APPRAISAL_OUTCOMES)[0]}` };
  const [appraisal, setAppraisal] = useState<Appraisal | "">(props.current?.appraisal ?? "");
  const [comment, setComment] = useState(props.current?.comment ?? "");
  const [outcome, setOutcome] = useState<AppraisalOutcome | "">(props.current?.outcome ?? "");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setSaved(false);
    if (!appraisal) {
      const missing = new ApiError(400, "invalid_input", "Choisissez une appréciation.", "appraisal");
      setError(missing);
      focusErrorField(missing, ids);
      return;
    }
    setBusy(true);
    try {
      await api("POST", `/charters/${encodeURIComponent(props.charterId)}/campaigns/${encodeURIComponent(props.campaignId)}/appraisals`, {
        body: { declarationId: props.declarationId, appraisal, comment, outcome: outcome || undefined },
      });
      setSaved(true);
      props.onSaved();
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      focusErrorField(apiError, ids);
    } finally {
      setBusy(false);
    }
  }

  const scaleError = errorFor(error, "appraisal");
  const outcomeError = errorFor(error, "outcome");
  return (
    <form class="appraisal-form" onSubmit={submit} noValidate aria-label={`Appréciation : ${props.name}`}>
      <ErrorAlert error={error} fields={Object.keys(ids)} />
      <fieldset class={"field appraisal-scale" + (scaleError ? " field-invalid" : "")} aria-describedby={scaleError ? `${prefix}-scale-error` : undefined}>
        <legend>Appréciation</legend>
        <div class="radio-row">
          {Object.entries(APPRAISALS).map(([id, label]) => (
            <p class="checkbox-line">
              <input id={`${prefix}-scale-${id}`} type="radio" name={`${prefix}-scale`} value={id} checked={appraisal == id} aria-invalid={scaleError ? true : undefined} onChange={() => { setAppraisal(id as Appraisal); if (scaleError) setError(null); }} />
              <label for={`${prefix}-scale-${id}`}>{label}</label>
            </p>
          ))}
        </div>
        {scaleError && <p class="field-error" id={`${prefix}-scale-error`} role="alert">{scaleError}</p>}
      </fieldset>
      <Field id={ids.comment} label="Commentaire" optional hint="Ce que le comité a constaté ; l'organisation le lit si la déclaration lui est renvoyée." error={errorFor(error, "comment")}>
        <textarea {...fieldAttributes(ids.comment, { hint: true, error: errorFor(error, "comment") })} rows={3} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </Field>
      <fieldset class={"field appraisal-outcome" + (outcomeError ? " field-invalid" : "")} aria-describedby={`${prefix}-outcome-hint`}>
        <legend>Suite donnée <span class="optional">(facultatif)</span></legend>
        <p class="hint" id={`${prefix}-outcome-hint`}>« À compléter » ou « Contesté » renvoie la déclaration à l'organisation, qui peut répondre une fois.</p>
        <div class="radio-row">
          {Object.entries(APPRAISAL_OUTCOMES).map(([id, label]) => (
            <p class="checkbox-line">
              <input id={`${prefix}-outcome-${id}`} type="radio" name={`${prefix}-outcome`} value={id} checked={outcome == id} onChange={() => setOutcome(id as AppraisalOutcome)} />
              <label for={`${prefix}-outcome-${id}`}>{label}</label>
            </p>
          ))}
        </div>
        {outcomeError && <p class="field-error" role="alert">{outcomeError}</p>}
      </fieldset>
      <button type="submit" class="button" aria-disabled={busy ? "true" : undefined}>{busy ? "Envoi…" : "Enregistrer l'appréciation"}</button>
      {saved && <p class="declaration-saved" role="status">Appréciation enregistrée.</p>}
    </form>
  );
}
