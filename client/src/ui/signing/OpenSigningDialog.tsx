import { useState } from "preact/hooks";
import { api } from "../../api.js";
import { useDialogSubmit } from "../useDialogSubmit.js";
import { FormActions } from "./FormActions.js";
import { Dialog } from "../Dialog.js";
import { ErrorAlert } from "../feedback.js";

/**
 * The pilot opens signing: every organisation at once (the default), or one
 * after the other in an order set here with « Monter » / « Descendre ».
 */
export function OpenSigningDialog(props: { charterId: string; organisations: { id: string; name: string }[]; onClose(): void; onDone(): void }) {
  const [ordered, setOrdered] = useState(false);
  const [order, setOrder] = useState(props.organisations);

  function move(index: number, by: number) {
    const next = [...order];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    setOrder(next);
    // The focus follows the organisation moved.
    requestAnimationFrame(() => document.getElementById(`order-${next[index + by].id}-${by < 0 ? "up" : "down"}`)?.focus());
  }

  const { busy, error, submit } = useDialogSubmit(
    () => api("POST", `/charters/${encodeURIComponent(props.charterId)}/signing`, { body: ordered ? { order: order.map((o) => o.id) } : {} }),
    { onClose: props.onClose, onDone: props.onDone },
  );

  return (
    <Dialog title="Ouvrir la signature" onClose={props.onClose}>
      <form class="dialog-body" onSubmit={submit} noValidate>
        <fieldset class="field">
          <legend>Les organisations signent</legend>
          <p class="radio-line">
            <input id="signing-parallel" type="radio" name="signing-order" checked={!ordered} onChange={() => setOrdered(false)} />
            <label for="signing-parallel">toutes en même temps, chacune quand elle le souhaite</label>
          </p>
          <p class="radio-line">
            <input id="signing-ordered" type="radio" name="signing-order" checked={ordered} onChange={() => setOrdered(true)} />
            <label for="signing-ordered">l'une après l'autre, dans l'ordre ci-dessous</label>
          </p>
        </fieldset>
        {ordered && (
          <ol class="signing-order">
            {order.map((o, i) => (
              <li key={o.id}>
                <span>{o.name}</span>
                <span class="signing-order-moves">
                  <button type="button" id={`order-${o.id}-up`} class="button button-small button-secondary" disabled={i == 0} onClick={() => move(i, -1)} aria-label={`Monter ${o.name}`}>
                    Monter
                  </button>
                  <button type="button" id={`order-${o.id}-down`} class="button button-small button-secondary" disabled={i == order.length - 1} onClick={() => move(i, 1)} aria-label={`Descendre ${o.name}`}>
                    Descendre
                  </button>
                </span>
              </li>
            ))}
          </ol>
        )}
        <ErrorAlert error={error} />
        <FormActions label="Ouvrir la signature" busy={busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
