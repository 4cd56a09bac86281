import { useState } from "preact/hooks";
import { isSafeHref } from "../editor/index.js";
import { Dialog } from "./Dialog.js";
import { Field, fieldAttributes } from "./Field.js";

const ID = "link-href";

/** The form of a link's address (http, https or mailto), with a way to take an existing link off. */
export function LinkDialog(props: { initial: string | null; onSubmit(href: string): void; onRemove(): void; onClose(): void }) {
  const [href, setHref] = useState(props.initial ?? "https://");
  const [error, setError] = useState<string | null>(null);

  function submit(event: Event) {
    event.preventDefault();
    const value = href.trim();
    if (!isSafeHref(value)) {
      setError("L'adresse doit commencer par https://, http:// ou mailto: (par exemple https://www.service-public.fr).");
      document.getElementById(ID)?.focus();
      return;
    }
    props.onSubmit(value);
  }

  return (
    <Dialog title={props.initial ? "Modifier le lien" : "Ajouter un lien"} onClose={props.onClose}>
      <form method="dialog" onSubmit={submit} noValidate>
        <Field id={ID} label="Adresse du lien" hint="Une adresse web (https://…) ou électronique (mailto:…)." error={error}>
          <input {...fieldAttributes(ID, { hint: true, error })} type="text" inputMode="url" autoComplete="url" spellcheck={false} value={href} onInput={(e) => setHref(e.currentTarget.value)} autoFocus />
        </Field>
        <div class="actions">
          <button type="submit" class="button">
            Appliquer le lien
          </button>
          {props.initial && (
            <button type="button" class="button button-danger" onClick={props.onRemove}>
              Retirer le lien
            </button>
          )}
          <button type="button" class="button button-secondary" onClick={props.onClose}>
            Annuler
          </button>
        </div>
      </form>
    </Dialog>
  );
}
