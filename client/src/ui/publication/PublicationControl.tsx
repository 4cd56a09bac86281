import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../api.js";
import { formatDateTime } from "../../format.js";
import type { Charter } from "../../types.js";
import { ConfirmDialog } from "../ConfirmDialog.js";
import "./publication.css";

/** The address of a charter's public page. */
export const publicPath = (charterId: string) => `/chartes-publiques/${charterId}`;

/**
 * The public page of a signed charter, on the charter's own page: its address
 * while published, and for pilots « Publier » / « Retirer la publication ».
 * Other members see the address only once it is published. Both actions are
 * confirmed in a dialog first; afterwards the focus is on the button that
 * now shows (the other action), and the status message says what changed.
 */
export function PublicationControl(props: { charter: Charter; onChanged(): void }) {
  const { charter } = props;
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState("");
  const button = useRef<HTMLButtonElement>(null);
  const published = !!charter.publishedAt;
  // Once the charter is loaded again its button names the other action: the focus stays on (or comes back to) it.
  const focusAfterChange = useRef(false);
  useEffect(() => {
    if (!focusAfterChange.current) return;
    focusAfterChange.current = false;
    button.current?.focus();
  }, [published]);
  const canPublish = !!charter.abilities["charter:publish"];
  if (charter.state != "signed" || (!canPublish && !charter.publishedAt)) return null;
  const address = `${window.location.origin}${publicPath(charter.id)}`;

  async function change(next: boolean) {
    await api("POST", `/charters/${encodeURIComponent(charter.id)}/publication`, { body: { published: next } });
    setSaid(next ? "La charte est publiée : sa page publique est consultable sans connexion." : "La publication est retirée : la page publique n'est plus consultable.");
    focusAfterChange.current = true;
    props.onChanged();
  }

  return (
    <section class="publication" aria-labelledby="publication-title">
      <h2 id="publication-title" class="publication-title">Page publique</h2>
      {published ? (
        <p>
          Publiée le {formatDateTime(charter.publishedAt!)} : le texte signé, ses signataires et la synthèse du dernier bilan sont consultables sans connexion à l'adresse{" "}
          <a href={publicPath(charter.id)}>{address}</a>.
        </p>
      ) : (
        <p>Non publiée. Publier rend consultables sans connexion le texte signé, ses signataires (organisation, nom, qualité, date) et la synthèse du dernier bilan clos ; rien d'autre (ni adresses électroniques, ni déclarations, ni commentaires).</p>
      )}
      {canPublish && (
        <button ref={button} type="button" class={`button button-small ${published ? "button-secondary" : ""}`} onClick={() => setConfirming(true)}>
          {published ? "Retirer la publication" : "Publier"}
        </button>
      )}
      {confirming &&
        (published ? (
          <ConfirmDialog title="Retirer la publication ?" confirmLabel="Retirer la publication" onConfirm={() => change(false)} onClose={() => setConfirming(false)} onDone={() => button.current?.focus()}>
            <p>La page publique ne sera plus consultable : son adresse indiquera que la charte n'est pas publiée. Vous pourrez la publier à nouveau.</p>
          </ConfirmDialog>
        ) : (
          <ConfirmDialog title="Publier la charte ?" confirmLabel="Publier" onConfirm={() => change(true)} onClose={() => setConfirming(false)} onDone={() => button.current?.focus()}>
            <p>
              Le texte signé, ses signataires (organisation, nom, qualité, date) et la synthèse du dernier bilan clos seront consultables par tous, sans connexion, à l'adresse{" "}
              <span class="publication-address">{address}</span>. Vous pourrez retirer la publication.
            </p>
          </ConfirmDialog>
        ))}
      <p class="visually-hidden" role="status">{said}</p>
    </section>
  );
}
