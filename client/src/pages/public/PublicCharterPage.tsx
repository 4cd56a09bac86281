import { api } from "../../api.js";
import { formatDay, formatTimestampDay } from "../../format.js";
import { CharterDocument } from "../../ui/CharterDocument.js";
import { ErrorAlert, Loading } from "../../ui/feedback.js";
import { PageHeading } from "../../ui/PageHeading.js";
import { useResource } from "../../ui/useResource.js";
import { PublicSynthesis } from "./PublicSynthesis.js";
import type { PublicCharter } from "./types.js";
import "./publicCharter.css";

/**
 * `/chartes-publiques/:id` (public, no login): a signed charter its pilots
 * published — its signed text with its hash, who signed it for which
 * organisation and when, its dates in force, and the synthesis of its last
 * closed follow-up campaign.
 */
export function PublicCharterPage(props: { charterId: string }) {
  const loaded = useResource((signal) => api<PublicCharter>("GET", `/public/charters/${encodeURIComponent(props.charterId)}`, { signal, sessionCheck: false }), [props.charterId]);
  if (loaded.error?.status == 404)
    return (
      <div class="container public-charter">
        <PageHeading title="Charte introuvable" />
        <p>Cette charte n'existe pas ou n'est pas publiée. Si vous avez reçu ce lien, demandez à ses pilotes de la publier de nouveau.</p>
        <p><a href="/verifier">Vérifier un PDF de charte signée</a></p>
      </div>
    );
  if (loaded.error) return <div class="container"><ErrorAlert error={loaded.error} /></div>;
  if (!loaded.data) return <div class="container"><Loading label="Chargement de la charte…" /></div>;
  const { charter, version, signatories, synthesis, organisations } = loaded.data;
  return (
    <div class="container public-charter">
      <p class="public-kicker">Charte signée, publiée par ses pilotes</p>
      <PageHeading title={charter.title} />
      <ul class="facts">
        <li>Département : {charter.departement.name} ({charter.departement.code})</li>
        {charter.effectiveDate && charter.endDate && <li>En vigueur du {formatDay(charter.effectiveDate)} au {formatDay(charter.endDate)}</li>}
        <li>Version V{version.number} « {version.label} »</li>
        {charter.publishedAt && <li>Publiée le {formatTimestampDay(charter.publishedAt)}</li>}
      </ul>
      <nav aria-label="Sur cette page" class="public-contents">
        <ul>
          <li><a href="#signataires">Signataires</a></li>
          <li><a href="#synthese">Synthèse du dernier bilan</a></li>
          <li><a href="#texte">Texte signé</a></li>
        </ul>
      </nav>

      <section aria-labelledby="signataires" class="public-section">
        <h2 id="signataires" tabIndex={-1}>Signataires</h2>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Organisations signataires, avec leur signataire, sa qualité et la date de signature</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Signataire</th>
                <th scope="col">Qualité</th>
                <th scope="col">Signée le</th>
              </tr>
            </thead>
            <tbody>
              {signatories.map((s) => (
                <tr>
                  <th scope="row">{s.organisation}</th>
                  <td>{s.signer}</td>
                  <td>{s.capacity}{s.delegation && <span class="public-delegation"> ({s.delegation})</span>}</td>
                  <td>{formatTimestampDay(s.signedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="synthese" class="public-section">
        <h2 id="synthese" tabIndex={-1}>Synthèse du dernier bilan annuel</h2>
        <PublicSynthesis synthesis={synthesis} />
      </section>

      <section aria-labelledby="texte" class="public-section">
        <h2 id="texte" tabIndex={-1}>Texte signé</h2>
        <p class="public-hash">
          <span>Empreinte SHA-256 du texte signé :</span> <code>{version.hash}</code>{" "}
          <a href={`/verifier?hash=${version.hash}`}>Vérifier cette empreinte</a>
        </p>
        <div class="document-frame">
          <CharterDocument document={version.document} organisations={organisations} label={`Texte signé de la charte, version V${version.number}`} />
        </div>
      </section>
    </div>
  );
}
