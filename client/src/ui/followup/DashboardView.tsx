import { useState } from "preact/hooks";
import { api } from "../../api.js";
import type { Charter } from "../../types.js";
import { formatDay } from "../../format.js";
import { CAMPAIGN_STATES } from "../../../../server/shared/followup.js";
import { ErrorAlert, Loading, Notice } from "../feedback.js";
import { TableScroll } from "../TableScroll.js";
import { useResource } from "../useResource.js";
import type { Dashboard } from "./dashboardTypes.js";
import { BreakdownTable, CountsTable } from "./DistributionTables.js";
import { IndicatorCard } from "./IndicatorCard.js";
import { hasChart } from "./IndicatorChart.js";
import { formatNumber, formatShare } from "./numbers.js";
import "./dashboard.css";

type Grouping = "organisation" | "stage" | "article";
type Scale = "byStatus" | "byAppraisal";

const GROUPINGS: { id: Grouping; label: string; header: string }[] = [
  { id: "organisation", label: "Par organisation", header: "Organisation" },
  { id: "stage", label: "Par étape de la procédure", header: "Étape (titre)" },
  { id: "article", label: "Par article", header: "Article" },
];

/**
 * « Tableau de bord »: for the campaign chosen (by default the one under
 * way, else the last closed), the headline share, the commitments counted
 * by declared status and by appraisal — overall, then per organisation,
 * stage or article —, the overdue commitments, and every indicator with its
 * chart, data table and progress category. Counts, never averages.
 */
export function DashboardView(props: { charter: Charter; changes: number }) {
  const [campaignId, setCampaignId] = useState<string>("");
  const path = `/charters/${encodeURIComponent(props.charter.id)}/dashboard${campaignId ? `?campaign=${encodeURIComponent(campaignId)}` : ""}`;
  const data = useResource((signal) => api<Dashboard>("GET", path, { signal }), [path, props.changes]);
  const [grouping, setGrouping] = useState<Grouping>("organisation");
  const [scale, setScale] = useState<Scale>("byStatus");
  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Loading />;
  const d = data.data;
  const legend = scale == "byStatus" ? d.legend.statuses : d.legend.appraisals;
  const rows = grouping == "organisation"
    ? d.byOrganisation.map((g) => ({ key: g.organisation?.id ?? "none", label: g.organisation?.name ?? "Sans organisation responsable", distribution: g }))
    : grouping == "stage"
      ? d.byStage.map((g) => ({ key: String(g.number), label: `Titre ${g.number} — ${g.heading}`, distribution: g }))
      : d.byArticle.map((g) => ({ key: String(g.number), label: `Article ${g.number} — ${g.heading}`, distribution: g }));
  const groupingSpec = GROUPINGS.find((g) => g.id == grouping)!;
  const scaleName = scale == "byStatus" ? "statut déclaré" : "appréciation";

  return (
    <div class="dashboard" aria-busy={data.loading}>
      <h3>Tableau de bord</h3>
      {d.campaigns.length > 0 && (
        <div class="field dashboard-campaign">
          <label for="dashboard-campaign">Campagne</label>
          <select id="dashboard-campaign" value={d.campaign?.id ?? ""} onChange={(e) => setCampaignId((e.target as HTMLSelectElement).value)}>
            {[...d.campaigns].reverse().map((c) => <option value={c.id}>{c.label} ({CAMPAIGN_STATES[c.state].toLowerCase()})</option>)}
          </select>
        </div>
      )}
      {d.campaign ? (
        <p class="dashboard-period">
          Campagne <strong>{d.campaign.label}</strong> : période du {formatDay(d.campaign.start)} au {formatDay(d.campaign.end)}, comité le {formatDay(d.campaign.committeeDate)}.
          Échéances comptées jusqu'au {formatDay(d.referenceDay)}.
        </p>
      ) : (
        <Notice kind="info">Aucune campagne n'a encore été ouverte : aucun engagement n'est déclaré.</Notice>
      )}

      <section class="dashboard-headline" aria-labelledby="dashboard-headline-title">
        <h4 id="dashboard-headline-title">{d.headline.label}</h4>
        <p class="dashboard-share">
          <strong>{d.headline.share == null ? "—" : formatShare(d.headline.share)}</strong>
          <span>
            {d.headline.denominator
              ? `${formatNumber(d.headline.numerator)} réalisé${d.headline.numerator > 1 ? "s" : ""} sur ${formatNumber(d.headline.denominator)} engagement${d.headline.denominator > 1 ? "s" : ""} échu${d.headline.denominator > 1 ? "s" : ""} et déclaré${d.headline.denominator > 1 ? "s" : ""}`
              : "Aucun engagement échu n'a été déclaré."}
          </span>
        </p>
        <ul class="dashboard-apart">
          <li>Engagements échus : <strong>{formatNumber(d.headline.fallenDue)}</strong></li>
          <li>dont non renseignés, hors du calcul : <strong>{formatNumber(d.headline.notDeclared)}</strong></li>
          <li>dont sans objet, hors du calcul : <strong>{formatNumber(d.headline.withoutObject)}</strong></li>
        </ul>
        <p class="dashboard-definition">
          Un engagement est échu quand son échéance est passée au {formatDay(d.referenceDay)} (la fin de la période de la campagne, ou aujourd'hui si elle n'est pas finie).
        </p>
      </section>

      <section aria-labelledby="dashboard-counts-title">
        <h4 id="dashboard-counts-title">Répartition des {formatNumber(d.distribution.total)} engagements</h4>
        <div class="dashboard-counts">
          <CountsTable caption="Par statut déclaré" header="Statut déclaré" legend={d.legend.statuses} counts={d.distribution.byStatus} total={d.distribution.total} />
          <CountsTable caption="Par appréciation du comité" header="Appréciation" legend={d.legend.appraisals} counts={d.distribution.byAppraisal} total={d.distribution.total} />
        </div>
        <p class="dashboard-overdue-count">{d.legend.overdue} (calculé : échu et ni réalisé ni sans objet) : <strong>{formatNumber(d.distribution.overdue)}</strong></p>
      </section>

      <section aria-labelledby="dashboard-breakdown-title">
        <h4 id="dashboard-breakdown-title">Détail</h4>
        <div class="dashboard-choices">
          <fieldset class="radio-row">
            <legend>Répartir</legend>
            {GROUPINGS.map((g) => (
              <label class="checkbox-line"><input type="radio" name="dashboard-grouping" checked={grouping == g.id} onChange={() => setGrouping(g.id)} /> {g.label}</label>
            ))}
          </fieldset>
          <fieldset class="radio-row">
            <legend>Compter</legend>
            <label class="checkbox-line"><input type="radio" name="dashboard-scale" checked={scale == "byStatus"} onChange={() => setScale("byStatus")} /> Par statut déclaré</label>
            <label class="checkbox-line"><input type="radio" name="dashboard-scale" checked={scale == "byAppraisal"} onChange={() => setScale("byAppraisal")} /> Par appréciation</label>
          </fieldset>
        </div>
        <BreakdownTable caption={`Engagements ${groupingSpec.label.toLowerCase()}, par ${scaleName}`} groupHeader={groupingSpec.header} legend={legend} rows={rows} scale={scale} overdueLabel={d.legend.overdue} />
      </section>

      <section aria-labelledby="dashboard-overdue-title">
        <h4 id="dashboard-overdue-title">Engagements en retard ({formatNumber(d.overdue.length)})</h4>
        {d.overdue.length == 0 ? <p>Aucun engagement en retard.</p> : (
          <TableScroll label="Engagements en retard">
            <table class="table">
              <caption class="visually-hidden">Engagements en retard</caption>
              <thead>
                <tr><th scope="col">Engagement</th><th scope="col">Organisation</th><th scope="col">Échéance</th><th scope="col">Statut déclaré</th></tr>
              </thead>
              <tbody>
                {d.overdue.map((c) => (
                  <tr>
                    <th scope="row"><span class="overdue-article">Article {c.article.number} — {c.article.heading}</span><span class="overdue-text">{c.text}</span></th>
                    <td>{c.organisation?.name ?? "Sans organisation responsable"}</td>
                    <td class="overdue-due">{c.due && formatDay(c.due)}</td>
                    <td>{c.statusLabel}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="dashboard-indicators-title">
        <h4 id="dashboard-indicators-title">Indicateurs ({formatNumber(d.indicators.length)})</h4>
        <p class="dashboard-definition">
          La catégorie de progrès est calculée comme le fait Open SDG : le rythme annuel observé depuis la référence, rapporté au rythme nécessaire pour atteindre la cible à temps
          (95 % ou plus : en bonne voie ; de 60 à 95 % : progrès à accélérer ; de 0 à 60 % : progrès limité ; en recul : dégradation). Sans cible, le rythme observé seul est jugé.
        </p>
        <div class="indicator-cards">
          {d.indicators.filter(hasChart).map((i) => <IndicatorCard indicator={i} />)}
        </div>
        {/* Those with nothing to draw are listed, not given a card each: dozens of empty cards would bury the others. */}
        {d.indicators.some((i) => !hasChart(i)) && (
          <div class="dashboard-empty-indicators">
            <h5 id="dashboard-empty-indicators-title">Sans valeur, référence ni cible ({formatNumber(d.indicators.filter((i) => !hasChart(i)).length)})</h5>
            <p>Rien à représenter pour ces indicateurs tant qu'aucune valeur, référence ou cible n'est saisie.</p>
            <div class="table-wrap" role="region" aria-labelledby="dashboard-empty-indicators-title" tabIndex={0}>
              <table class="table">
                <caption class="visually-hidden">Indicateurs sans valeur, référence ni cible</caption>
                <thead>
                  <tr><th scope="col">Code</th><th scope="col">Indicateur</th><th scope="col">Responsable</th></tr>
                </thead>
                <tbody>
                  {d.indicators.filter((i) => !hasChart(i)).map((i) => (
                    <tr><td><code>{i.code}</code></td><th scope="row">{i.label}</th><td>{i.organisation?.name ?? "Non désigné"}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
