/** The buttons under a signing dialog's form: submit (waiting while busy) and « Annuler ». */
export function FormActions(props: { label: string; busy: boolean; busyLabel?: string; danger?: boolean; onCancel(): void }) {
  return (
    <div class="actions">
      <button type="submit" class={"button" + (props.danger ? " button-danger-solid" : "")} aria-disabled={props.busy ? "true" : undefined}>
        {props.busy ? (props.busyLabel ?? "Un instant…") : props.label}
      </button>
      <button type="button" class="button button-secondary" onClick={props.onCancel}>
        Annuler
      </button>
    </div>
  );
}
