import type { ComponentChildren } from "preact";
import type { ApiError } from "../api.js";

/** Shown while a page loads. */
export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status">
      {props.label ?? "Chargement…"}
    </p>
  );
}

/**
 * An error for the whole form or page. Errors about one field (`field` in
 * `fields`) are shown next to that field instead, by `Field`.
 */
export function ErrorAlert(props: { error: ApiError | null | undefined; fields?: readonly string[]; children?: ComponentChildren }) {
  const { error } = props;
  if (!error || (error.field && props.fields?.includes(error.field))) return null;
  return (
    <div class="alert alert-error" role="alert">
      <p>{error.message}</p>
      {props.children}
    </div>
  );
}

/** A success or information message, announced politely. */
export function Notice(props: { kind?: "success" | "info" | "warning"; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${props.kind ?? "info"}`} role="status">
      {props.children}
    </div>
  );
}
