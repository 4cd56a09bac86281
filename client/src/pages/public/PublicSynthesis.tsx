import { formatDay } from "../../format.js";
import type { PublicCharter, PublicShare } from "./types.js";

const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });

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

/**
 * The last closed campaign of a published charter, in counts: the headline
 * share « Réalisés / échus, hors sans objet », those due but not declared
 * apart, then the commitments by declared status and by appraisal.
 */
export function PublicSynthesis(props: { synthesis: PublicCharter["synthesis"] }) {
  const { synthesis } = props;
  if (!synthesis) return <p>Aucune campagne de suivi n'est encore close : la synthèse paraîtra après le premier bilan annuel.</p>;
  const { campaign, headline } = synthesis;
  return (
    <>
      <p>
        Campagne <strong>{campaign.label}</strong> : période du {formatDay(campaign.start)} au {formatDay(campaign.end)}, examinée par le comité le {formatDay(campaign.committeeDate)}.
      </p>
      <div class="public-headline">
        <p class="public-headline-figure" aria-hidden={headline.share == null}>{headline.share == null ? "—" : percent.format(headline.share)}</p>
        <p>
          <strong>{headline.label}</strong>{"\u00a0"}:{" "}
          {headline.due == 0
            ? "aucun engagement échu à la fin de la période n'a été déclaré."
            : `${headline.realised} réalisé${headline.realised > 1 ? "s" : ""} sur ${headline.due} engagement${headline.due > 1 ? "s" : ""} échu${headline.due > 1 ? "s" : ""} à la fin de la période et déclaré${headline.due > 1 ? "s" : ""}.`}
          {headline.dueNotDeclared > 0 && ` Échus mais non renseignés, hors du calcul\u00a0: ${headline.dueNotDeclared}.`}
        </p>
      </div>
      <ShareTable caption="Engagements par statut déclaré par les organisations" head="Statut déclaré" shares={synthesis.byStatus} total={synthesis.commitments} />
      <ShareTable caption="Engagements par appréciation du comité" head="Appréciation" shares={synthesis.byAppraisal} total={synthesis.commitments} />
      {campaign.snapshotSha256 && (
        <p class="public-hash">
          <span>Empreinte SHA-256 de l'état clos de la campagne :</span> <code>{campaign.snapshotSha256}</code>
        </p>
      )}
    </>
  );
}
