import { formatDay } from "../../format.js";
import type { PublicCharter, PublicShare, PublicShares } from "./types.js";

const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });
const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? "s" : ""}`;

/** A distribution of the commitments as a table: what, how many, what share (the numbers are the content: no chart without its table). */
function ShareTable(props: { caption: string; head: string; shares: PublicShare[]; total: number }) {
  return (
    <div class="table-wrap">
      <table class="table public-shares">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col" class="public-number">Engagements</th>
            <th scope="col" class="public-number">Part</th>
          </tr>
        </thead>
        <tbody>
          {props.shares.map((s) => (
            <tr>
              <th scope="row">{s.label}</th>
              <td class="public-number">{s.count}</td>
              <td class="public-number">{props.total ? percent.format(s.count / props.total) : "—"}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="public-number">{props.total}</td>
            <td class="public-number">{props.total ? percent.format(1) : "—"}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Groups of commitments (procedure stages, organisations) by declared status: one row per group, one column per status. */
function GroupTable(props: { caption: string; head: string; groups: ({ name: string } & PublicShares)[] }) {
  const statuses = props.groups[0]?.byStatus ?? [];
  return (
    <div class="table-wrap">
      <table class="table public-groups">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col" class="public-number">Engagements</th>
            {statuses.map((s) => <th scope="col" class="public-number">{s.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {props.groups.map((g) => (
            <tr>
              <th scope="row">{g.name}</th>
              <td class="public-number">{g.total}</td>
              {g.byStatus.map((s) => <td class="public-number">{s.count}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The last closed campaign of a published charter, in counts: the headline
 * share « Réalisés / échus, hors sans objet » (those fallen due and not
 * declared apart), the commitments by declared status and by appraisal,
 * then per procedure stage and per signatory organisation.
 */
export function PublicSynthesis(props: { synthesis: PublicCharter["synthesis"] }) {
  const { synthesis } = props;
  if (!synthesis) return <p>Aucune campagne de suivi n'est encore close : la synthèse paraîtra après le premier bilan annuel.</p>;
  const { campaign, headline, overall } = synthesis;
  return (
    <>
      <p>
        Campagne <strong>{campaign.label}</strong> : période du {formatDay(campaign.start)} au {formatDay(campaign.end)}, examinée par le comité le {formatDay(campaign.committeeDate)}.
        Échéances appréciées au {formatDay(synthesis.referenceDay)}.
      </p>
      <div class="public-headline">
        <p class="public-headline-figure" aria-hidden={headline.share == null}>{headline.share == null ? "—" : percent.format(headline.share)}</p>
        <p>
          <strong>{headline.label}</strong>{"\u00a0"}:{" "}
          {headline.assessed == 0
            ? "aucun engagement échu n'a été déclaré réalisé ou non."
            : `${plural(headline.realised, "réalisé")} sur ${plural(headline.assessed, "engagement")} échu${headline.assessed > 1 ? "s" : ""} et déclaré${headline.assessed > 1 ? "s" : ""}.`}
          {headline.notDeclared > 0 && ` Échus mais non renseignés, hors du calcul\u00a0: ${headline.notDeclared}.`}
          {headline.withoutObject > 0 && ` Échus et sans objet, hors du calcul\u00a0: ${headline.withoutObject}.`}
        </p>
      </div>
      <ShareTable caption="Engagements par statut déclaré par les organisations" head="Statut déclaré" shares={overall.byStatus} total={overall.total} />
      <ShareTable caption="Engagements par appréciation du comité" head="Appréciation" shares={overall.byAppraisal} total={overall.total} />
      <GroupTable caption="Statuts déclarés par titre de la charte (étape de la procédure)" head="Titre" groups={synthesis.byStage.map((s) => ({ ...s, name: `${s.number}. ${s.heading}` }))} />
      <GroupTable caption="Statuts déclarés par organisation responsable" head="Organisation" groups={synthesis.byOrganisation.map((o) => ({ ...o, name: o.organisation ?? "Sans organisation responsable" }))} />
      {campaign.snapshotSha256 && (
        <p class="public-hash">
          <span>Empreinte SHA-256 de l'état clos de la campagne :</span> <code>{campaign.snapshotSha256}</code>
        </p>
      )}
    </>
  );
}
