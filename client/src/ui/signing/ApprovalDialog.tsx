import { useState } from "preact/hooks";
import type { NumberedEntry } from "../../../../server/shared/numbering.js";
import { api } from "../../api.js";
import { useDialogSubmit } from "../useDialogSubmit.js";
import { FormActions } from "./FormActions.js";
import { Dialog } from "../Dialog.js";
import { ErrorAlert } from "../feedback.js";
import { Field, errorFor, fieldAttributes } from "../Field.js";
import { theOrganisation } from "../../../../server/shared/organisationNames.js";

/**
 * A signatory's decision on the frozen version, for their organisation:
 * approve it, or ask for changes with a message, on the articles it concerns
 * (each gets a discussion thread).
 */
export function ApprovalDialog(props: {
  charterId: string;
  decision: "approve" | "request_changes";
  organisationName: string;
  versionName: string;
  /** The frozen text's numbered headings, to pick the articles concerned. */
  entries: NumberedEntry[];
  onClose(): void;
  onDone(): void;
}) {
  const [message, setMessage] = useState("");
  const [clauseIds, setClauseIds] = useState<string[]>([]);
  const asking = props.decision == "request_changes";
  const articles = props.entries.filter((e) => e.kind == "clause" && e.id);

  const { busy, error, submit } = useDialogSubmit(
    () => api("POST", `/charters/${encodeURIComponent(props.charterId)}/approvals`, {
      body: { decision: props.decision, ...(asking ? { message, clauseIds } : {}) },
    }),
    { onClose: props.onClose, onDone: props.onDone },
  );

  return (
    <Dialog title={asking ? "Demander des modifications" : `Approuver la ${props.versionName}`} onClose={props.onClose}>
      <form class="dialog-body" onSubmit={submit} noValidate>
        {asking ? (
          <>
            <p>Votre demande sera enregistrée au nom de {theOrganisation(props.organisationName)} et ouverte en discussion sur les articles choisis.</p>
            <Field id="approval-message" label="Modifications demandées" error={errorFor(error, "message")}>
              <textarea {...fieldAttributes("approval-message", { error: errorFor(error, "message") })} rows={5} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
            </Field>
            <fieldset class="field approval-articles">
              <legend>Articles concernés <span class="optional">(facultatif)</span></legend>
              <div class="approval-article-list">
                {articles.map((a) => (
                  <p class="checkbox-line" key={a.id}>
                    <input
                      id={`approval-article-${a.id}`}
                      type="checkbox"
                      checked={clauseIds.includes(a.id!)}
                      onChange={(e) => setClauseIds(e.currentTarget.checked ? [...clauseIds, a.id!] : clauseIds.filter((id) => id != a.id))}
                    />
                    <label for={`approval-article-${a.id}`}>
                      Article {a.number} — {a.heading || "(sans titre)"}
                    </label>
                  </p>
                ))}
              </div>
            </fieldset>
          </>
        ) : (
          <p>
            Vous approuvez, au nom de {theOrganisation(props.organisationName)}, la {props.versionName} telle qu'elle figure dans l'onglet « Texte ». La signature
            pourra être ouverte quand toutes les organisations signataires l'auront approuvée.
          </p>
        )}
        <ErrorAlert error={error} fields={["message"]} />
        <FormActions label={asking ? "Envoyer la demande" : "Approuver"} busy={busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
