import { useState } from "preact/hooks";
import { asApiError, type ApiError } from "../api.js";

/**
 * The submission of a dialog's form: one request at a time, the server's
 * error kept for the dialog to show (it stays open), and on success the
 * dialog closed, then `onDone` run once it has given the focus back (as
 * `ConfirmDialog` does).
 */
export function useDialogSubmit(action: () => Promise<unknown>, props: { onClose(): void; onDone(): void; onError?(error: ApiError): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      setBusy(false);
      props.onError?.(apiError);
      return;
    }
    props.onClose();
    setTimeout(props.onDone);
  }
  return { busy, error, submit };
}
