import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { asApiError, type ApiError } from "../api.js";
import { Dialog } from "./Dialog.js";
import { ErrorAlert } from "./feedback.js";

/**
 * Asks before an action that changes things for everyone (restore, freeze,
 * reopen). « Annuler » has the focus first, so that Enter does not confirm by
 * mistake. While the action runs the buttons wait; its error (the server's
 * French message) is shown in the dialog, which stays open. On success the
 * dialog closes and then `onDone` runs (it may move the focus, e.g. when
 * the button that opened the dialog is gone).
 */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  /** « Annuler » unless that would read like the action itself (cancelling an invitation). */
  cancelLabel?: string;
  danger?: boolean;
  children: ComponentChildren;
  onConfirm(): Promise<void>;
  onClose(): void;
  onDone?(): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
      return;
    }
    props.onClose();
    // Closing gives the focus back to what opened the dialog (at the next render): `onDone` may then move it elsewhere.
    setTimeout(() => props.onDone?.());
  }

  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <div class="dialog-body">{props.children}</div>
      <ErrorAlert error={error} />
      <div class="actions">
        <button type="button" class={"button" + (props.danger ? " button-danger-solid" : "")} aria-disabled={busy ? "true" : undefined} onClick={confirm}>
          {busy ? "Un instant…" : props.confirmLabel}
        </button>
        <button type="button" class="button button-secondary" autoFocus onClick={props.onClose}>
          {props.cancelLabel ?? "Annuler"}
        </button>
      </div>
    </Dialog>
  );
}
