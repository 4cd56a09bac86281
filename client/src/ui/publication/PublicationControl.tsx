import { useState } from "preact/hooks";
import { api, asApiError, type ApiError } from "../../api.js";
import { formatDateTime } from "../../format.js";
import type { Charter } from "../../types.js";
import { ErrorAlert } from "../feedback.js";
import "./publication.css";

/** The address of a charter's public page. */
export const publicPath = (charterId: string) => `/chartes-publiques/${charterId}`;

/**
 * The public page of a signed charter, on the charter's own page: its address
 * while published, and for pilots « Publier » / « Retirer la publication ».
 * Other members see the address only once it is published.
 */
export function PublicationControl(props: { charter: Charter; onChanged(): void }) {
  const { charter } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [said, setSaid] = useState("");
  const canPublish = !!charter.abilities["charter:publish"];
  if (charter.state != "signed" || (!canPublish && !charter.publishedAt)) return null;
  const published = !!charter.publishedAt;
  const address = `${window.location.origin}${publicPath(charter.id)}`;

  async function change(next: boolean) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/charters/${encodeURIComponent(charter.id)}/publication`, { body: { published: next } });
      setSaid(next ? "La charte est publiée : sa page publique est consultable sans connexion." : "La publication est retirée : la page publique n'est plus consultable.");
      props.onChanged();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
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
        <button type="button" class={`button button-small ${published ? "button-secondary" : ""}`} disabled={busy} onClick={() => change(!published)}>
          {published ? "Retirer la publication" : "Publier"}
        </button>
      )}
      <ErrorAlert error={error} />
      <p class="visually-hidden" role="status">{said}</p>
    </section>
  );
}
