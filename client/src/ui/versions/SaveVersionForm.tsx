import { useState } from "preact/hooks";
import { api, asApiError, type ApiError } from "../../api.js";
import type { VersionSummary } from "../../types.js";
import { ErrorAlert } from "../feedback.js";
import { Field, errorFor, fieldAttributes } from "../Field.js";

const LABEL_ID = "version-label";

/**
 * Saves the live text as a named version. Waits first for the user's last
 * edits to be stored, so that the version holds what they see.
 */
export function SaveVersionForm(props: { charterId: string; whenStored(): Promise<void>; onSaved(version: VersionSummary): void }) {
  const [label, setLabel] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<VersionSummary | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await props.whenStored();
      const { version } = await api<{ version: VersionSummary }>("POST", `/charters/${encodeURIComponent(props.charterId)}/versions`, { body: { label } });
      setLabel("");
      setSaved(version);
      props.onSaved(version);
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      if (apiError.field == "label") document.getElementById(LABEL_ID)?.focus();
    } finally {
      setBusy(false);
    }
  }

  const fieldError = errorFor(error, "label");
  return (
    <form class="save-version" onSubmit={submit} noValidate>
      <h2 class="aside-title">Enregistrer une version</h2>
      <ErrorAlert error={error} fields={["label"]} />
      <Field id={LABEL_ID} label="Nom de la version" hint="Par exemple : après le comité du 12 mars (le numéro, V1, V2…, est donné automatiquement)" error={fieldError}>
        <input {...fieldAttributes(LABEL_ID, { hint: true, error: fieldError })} type="text" maxLength={200} value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="button button-small" aria-disabled={busy ? "true" : undefined}>
        {busy ? "Enregistrement…" : "Enregistrer une version"}
      </button>
      <p class="save-version-status" role="status">
        {saved && `Version V${saved.number} « ${saved.label} » enregistrée.`}
      </p>
    </form>
  );
}
