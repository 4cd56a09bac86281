import { useEffect, useId, useRef, useState } from "preact/hooks";
import { asApiError } from "../../api.js";
import { fieldAttributes } from "../Field.js";

/** As the server allows (`server/http/routes/comments.ts`). */
const MAX_COMMENT_LENGTH = 5000;
/** From when the count of characters is shown. */
const COUNT_FROM = 4500;
const NUMBER = new Intl.NumberFormat("fr-FR");

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
  // Near the limit the text area stops taking text (a paste is cut): say so before it happens.
  const counted = body.length >= COUNT_FROM;
  return (
    <form class="comment-form" onSubmit={submit} noValidate>
      <div class={"field" + (message ? " field-invalid" : "")}>
        <label for={id}>{props.label}</label>
        <textarea
          ref={area}
          {...fieldAttributes(id, { error: message, hint: counted })}
          rows={3}
          maxLength={MAX_COMMENT_LENGTH}
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
        {counted && (
          <p class="hint" id={`${id}-hint`} aria-live="polite">
            {body.length >= MAX_COMMENT_LENGTH ? "Limite atteinte : " : ""}
            {NUMBER.format(body.length)} caractères sur {NUMBER.format(MAX_COMMENT_LENGTH)} au plus.
          </p>
        )}
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
