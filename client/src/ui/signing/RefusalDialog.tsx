import { useState } from "preact/hooks";
import { api } from "../../api.js";
import { useDialogSubmit } from "../useDialogSubmit.js";
import { FormActions } from "./FormActions.js";
import { Dialog } from "../Dialog.js";
import { ErrorAlert } from "../feedback.js";
import { Field, errorFor, fieldAttributes } from "../Field.js";

/** Refusing to sign, with a reason: signing stops and the charter goes back to the pilots. */
export function RefusalDialog(props: { charterId: string; organisationName: string; onClose(): void; onDone(): void }) {
  const [reason, setReason] = useState("");

  const { busy, error, submit } = useDialogSubmit(
    () => api("POST", `/charters/${encodeURIComponent(props.charterId)}/refusals`, { body: { reason } }),
    { onClose: props.onClose, onDone: props.onDone },
  );

  return (
    <Dialog title="Refuser de signer" onClose={props.onClose}>
      <form class="dialog-body" onSubmit={submit} noValidate>
        <p>
          La signature sera interrompue pour toutes les organisations et la charte reviendra aux pilotes, avec votre motif. Les signatures déjà
          données restent enregistrées.
        </p>
        <Field id="refusal-reason" label={`Motif du refus (${props.organisationName})`} error={errorFor(error, "reason")}>
          <textarea {...fieldAttributes("refusal-reason", { error: errorFor(error, "reason") })} rows={4} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <ErrorAlert error={error} fields={["reason"]} />
        <FormActions label="Refuser de signer" danger busy={busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
