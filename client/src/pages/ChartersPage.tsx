import { api } from "../api.js";
import { ROLE_LABELS } from "../../../server/shared/roles.js";
import { formatTimestampDay } from "../format.js";
import type { Charter } from "../types.js";
import { PageHeading } from "../ui/PageHeading.js";
import { ErrorAlert, Loading } from "../ui/feedback.js";
import { useMe } from "../ui/SessionContext.js";
import { useResource } from "../ui/useResource.js";
import { StateBadge } from "../ui/StateBadge.js";
import "../ui/signing/signing.css";

const AWAITING_LABELS = { approve: "À approuver", sign: "À signer" } as const;

/** `/`: the charters the user is a member of; first, what awaits the user's approval or signature. */
export function ChartersPage() {
  const me = useMe();
  const charters = useResource((signal) => api<{ charters: Charter[] }>("GET", "/charters", { signal }).then((r) => r.charters), []);
  const canCreate = me.abilities["charter:create"];
  const awaiting = charters.data?.filter((c) => c.awaiting) ?? [];

  return (
    <div class="container">
      <div class="page-head">
        <div>
          <PageHeading title="Mes chartes" />
          <p class="lead">Les chartes de prévention des expulsions locatives dont vous êtes membre.</p>
        </div>
        {canCreate && (
          <a class="button" href="/chartes/nouvelle">
            Créer une charte
          </a>
        )}
      </div>
      <ErrorAlert error={charters.error} />
      {charters.loading && !charters.data && <Loading />}
      {charters.data && charters.data.length == 0 && (
        <div class="empty">
          <p>Vous n'êtes membre d'aucune charte pour le moment.</p>
          <p class="hint">
            {canCreate ? "Créez la charte de votre département à partir d'un modèle." : "Le pilote d'une charte peut vous inviter à la rejoindre."}
          </p>
        </div>
      )}
      {awaiting.length > 0 && (
        <section class="awaiting" aria-labelledby="awaiting-title">
          <h2 id="awaiting-title" class="awaiting-title">
            En attente de votre part
          </h2>
          <ul>
            {awaiting.map((charter) => (
              <li key={charter.id}>
                <span class={`badge badge-awaiting-${charter.awaiting}`}>{AWAITING_LABELS[charter.awaiting!]}</span>{" "}
                <a href={`/chartes/${charter.id}`}>{charter.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {charters.data && charters.data.some((c) => c.state != "archived") && <CharterCards charters={charters.data.filter((c) => c.state != "archived")} />}
      {charters.data && charters.data.some((c) => c.state == "archived") && (
        <section class="archived-charters" aria-labelledby="archived-title">
          <h2 id="archived-title">Chartes archivées</h2>
          <CharterCards charters={charters.data.filter((c) => c.state == "archived")} />
        </section>
      )}
    </div>
  );
}

/** Charters as cards. */
function CharterCards(props: { charters: Charter[] }) {
  return (
        <ul class="card-list">
          {props.charters.map((charter) => (
            <li key={charter.id} class="card">
              <h2 class="card-title">
                <a href={`/chartes/${charter.id}`}>{charter.title}</a>
              </h2>
              <dl class="card-facts">
                <div>
                  <dt>Département</dt>
                  <dd>
                    {charter.departement.name} ({charter.departement.code})
                  </dd>
                </div>
                <div>
                  <dt>État</dt>
                  <dd>
                    <StateBadge state={charter.state} />
                  </dd>
                </div>
                <div>
                  <dt>Votre rôle</dt>
                  <dd>{ROLE_LABELS[charter.role]}</dd>
                </div>
                {charter.awaiting && (
                  <div>
                    <dt>Pour vous</dt>
                    <dd>
                      <span class={`badge badge-awaiting-${charter.awaiting}`}>{AWAITING_LABELS[charter.awaiting]}</span>
                    </dd>
                  </div>
                )}
                <div>
                  <dt>Mise à jour</dt>
                  <dd>{formatTimestampDay(charter.updatedAt)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
  );
}
