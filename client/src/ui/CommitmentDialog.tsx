import { useState } from "preact/hooks";
import type { CommitmentAttrs } from "../editor/index.js";
import type { Organisation } from "../types.js";
import { isIsoDate } from "../../../server/shared/validate.js";
import { Dialog } from "./Dialog.js";
import { Field, fieldAttributes } from "./Field.js";

const IDS = { party: "commitment-party", due: "commitment-due", indicator: "commitment-indicator" };

/**
 * The form of a commitment's attributes: the responsible organisation (one
 * of the charter's signatories, required), an optional due date and an
 * optional indicator. For a new commitment (`editing` false) or an existing one.
 */
export function CommitmentDialog(props: {
  editing: boolean;
  initial: CommitmentAttrs;
  signatories: Organisation[];
  onSubmit(attrs: CommitmentAttrs): void;
  onClose(): void;
}) {
  const [party, setParty] = useState(props.initial.party ?? "");
  const [due, setDue] = useState(props.initial.due ?? "");
  const [indicator, setIndicator] = useState(props.initial.indicator ?? "");
  const [errors, setErrors] = useState<{ party?: string; due?: string }>({});
  // A party that is no longer a signatory stays selectable, so that editing the date does not lose it.
  const known = props.signatories.some((o) => o.id == party);

  function submit(event: Event) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!party) found.party = "Choisissez l'organisation responsable de l'engagement.";
    if (due && !isIsoDate(due)) found.due = "Saisissez une date valide, par exemple 31/12/2028.";
    setErrors(found);
    if (found.party) return document.getElementById(IDS.party)?.focus();
    if (found.due) return document.getElementById(IDS.due)?.focus();
    props.onSubmit({ party, due: due || null, indicator: indicator.trim() || null });
  }

  return (
    <Dialog title={props.editing ? "Modifier l'engagement" : "Nouvel engagement"} onClose={props.onClose}>
      <form method="dialog" onSubmit={submit} noValidate>
        <Field id={IDS.party} label="Organisation responsable" error={errors.party}>
          <select {...fieldAttributes(IDS.party, { error: errors.party })} required value={party} onChange={(e) => setParty(e.currentTarget.value)} autoFocus>
            <option value="">— Choisir parmi les signataires —</option>
            {props.signatories.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
            {party && !known && <option value={party}>Organisation non signataire</option>}
          </select>
        </Field>
        <Field id={IDS.due} label="Échéance" optional error={errors.due}>
          <input {...fieldAttributes(IDS.due, { error: errors.due })} type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
        </Field>
        <Field id={IDS.indicator} label="Indicateur de suivi" optional hint="Par exemple : nombre de ménages accompagnés dans l'année.">
          <input {...fieldAttributes(IDS.indicator, { hint: true })} type="text" value={indicator} maxLength={500} onInput={(e) => setIndicator(e.currentTarget.value)} />
        </Field>
        <div class="actions">
          <button type="submit" class="button">
            {props.editing ? "Enregistrer l'engagement" : "Ajouter l'engagement"}
          </button>
          <button type="button" class="button button-secondary" onClick={props.onClose}>
            Annuler
          </button>
        </div>
      </form>
    </Dialog>
  );
}
