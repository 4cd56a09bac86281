import type { ComponentChildren } from "preact";
import type { ApiError } from "../api.js";

/** Accessibility attributes tying an input to its hint and error. */
export function fieldAttributes(id: string, options: { hint?: unknown; error?: string | null }) {
  const describedBy = [options.hint ? `${id}-hint` : null, options.error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { id, "aria-describedby": describedBy || undefined, "aria-invalid": options.error ? true : undefined };
}

/** The API error's message if it is about `field`. */
export function errorFor(error: ApiError | null | undefined, field: string): string | undefined {
  return error?.field == field ? error.message : undefined;
}

/**
 * A labelled form field: visible label, optional hint, and the error about
 * it. The input itself is the child; give it `fieldAttributes(id, …)`.
 */
export function Field(props: { id: string; label: ComponentChildren; hint?: ComponentChildren; error?: string | null; optional?: boolean; children: ComponentChildren }) {
  return (
    <div class={"field" + (props.error ? " field-invalid" : "")}>
      <label for={props.id}>
        {props.label}
        {props.optional && <span class="optional"> (facultatif)</span>}
      </label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Moves the focus to the field an API error is about, if it is on the page. */
export function focusErrorField(error: ApiError, ids: Record<string, string>): void {
  const id = error.field ? ids[error.field] : undefined;
  if (id) document.getElementById(id)?.focus();
}
