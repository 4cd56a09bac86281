import { useState } from "preact/hooks";
import { ApiError, asApiError } from "../../api.js";
import { Field, errorFor, fieldAttributes } from "../Field.js";
import { Notice } from "../feedback.js";
import { ImportError, importIndicatorValues } from "./importIndicatorValues.js";

const FILE_ID = "indicator-import-file";

/**
 * Importing indicator values from a CSV file (`indicateur;période;valeur`,
 * optional `définitive`): all rows or none. A refused file shows the server's
 * message and a table of every problem, by line and column, to fix in the file.
 */
export function IndicatorImport(props: { charterId: string; onImported(): void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setDone("");
    const input = document.getElementById(FILE_ID) as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) {
      setError(new ApiError(400, "no_file", "Choisissez le fichier CSV à importer.", "file"));
      input.focus();
      return;
    }
    setBusy(true);
    try {
      const imported = await importIndicatorValues(props.charterId, file);
      setDone(`${imported} valeur${imported > 1 ? "s" : ""} importée${imported > 1 ? "s" : ""} depuis « ${file.name} ».`);
      input.value = "";
      props.onImported();
    } catch (err) {
      const apiError = err instanceof ApiError ? err : asApiError(err);
      setError(apiError.field ? apiError : new ApiError(apiError.status, apiError.id, apiError.message, "file"));
      // The table of problems is read from its caption, right after the field.
      if (err instanceof ImportError && err.problems.length) document.getElementById("indicator-import-problems")?.focus();
      else input.focus();
    } finally {
      setBusy(false);
    }
  }

  const problems = error instanceof ImportError ? error.problems : [];
  return (
    <form class="indicator-import" onSubmit={submit} noValidate aria-labelledby="indicator-import-title">
      <h4 id="indicator-import-title">Importer des valeurs (CSV)</h4>
      <Field
        id={FILE_ID}
        label="Fichier CSV"
        hint={<>UTF-8, cellules séparées par « ; » ou « , », première ligne <code>indicateur;période;valeur</code> (colonne <code>définitive</code> facultative : oui ou non). Un fichier comportant une erreur est refusé en entier : rien n'est importé.</>}
        error={errorFor(error, "file")}
      >
        <input type="file" accept=".csv,text/csv" {...fieldAttributes(FILE_ID, { hint: true, error: errorFor(error, "file") })} />
      </Field>
      {problems.length > 0 && (
        <div class="table-wrap">
          <table class="table import-problems" id="indicator-import-problems" tabIndex={-1}>
            <caption>Erreurs à corriger dans le fichier ({problems.length})</caption>
            <thead><tr><th scope="col">Ligne</th><th scope="col">Colonne</th><th scope="col">Erreur</th></tr></thead>
            <tbody>
              {problems.map((p) => <tr><td>{p.line}</td><td>{p.column}</td><td>{p.message}</td></tr>)}
            </tbody>
          </table>
        </div>
      )}
      <button type="submit" class="button" aria-disabled={busy ? "true" : undefined}>{busy ? "Import…" : "Importer le fichier"}</button>
      {done && <Notice kind="success">{done}</Notice>}
    </form>
  );
}
