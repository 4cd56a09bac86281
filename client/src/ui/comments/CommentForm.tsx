import { useEffect, useId, useRef, useState } from "preact/hooks";
import { asApiError } from "../../api.js";
import { fieldAttributes } from "../Field.js";

/**
 * A comment or a reply being written: a labelled text area and its button.
 * The server's error about it is shown under the text area; once posted,
 * the text area is emptied and keeps the focus (to write another).
 */
export function CommentForm(props: {
  label: string;
  submitLabel: string;
  /** Gives the text area the focus when the form appears. */
  autoFocus?: boolean;
  onSubmit(body: string): Promise<void>;
  onCancel?(): void;
}) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (props.autoFocus) area.current?.focus();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!body.trim()) {
      setError("Écrivez votre commentaire.");
      area.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(body);
      setBody("");
    } catch (err) {
      setError(asApiError(err).message);
    } finally {
      setBusy(false);
      area.current?.focus();
    }
  }

  const message = error;
  return (
    <form class="comment-form" onSubmit={submit} noValidate>
      <div class={"field" + (message ? " field-invalid" : "")}>
        <label for={id}>{props.label}</label>
        <textarea
          ref={area}
          {...fieldAttributes(id, { error: message })}
          rows={3}
          maxLength={5000}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Ctrl+Entrée posts, as in most messaging tools; Escape gives up a reply.
            if (e.key == "Enter" && (e.ctrlKey || e.metaKey)) void submit(e);
            else if (e.key == "Escape" && props.onCancel) {
              e.preventDefault();
              props.onCancel();
            }
          }}
        />
        {message && (
          <p class="field-error" id={`${id}-error`} role="alert">
            {message}
          </p>
        )}
      </div>
      <div class="comment-form-actions">
        <button type="submit" class="button button-small" aria-disabled={busy ? "true" : undefined}>
          {busy ? "Envoi…" : props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" class="button button-small button-tertiary" onClick={props.onCancel}>
            Annuler
          </button>
        )}
      </div>
    </form>
  );
}
