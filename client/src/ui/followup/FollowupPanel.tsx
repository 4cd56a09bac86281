import { api } from "../../api.js";
import type { Charter } from "../../types.js";
import { formatDay } from "../../format.js";
import { CAMPAIGN_STATES, OUTCOMES_ASKING_ANSWER, OVERDUE } from "../../../../server/shared/followup.js";
import { ErrorAlert, Loading, Notice } from "../feedback.js";
import { useResource } from "../useResource.js";
import { DeclarationForm } from "./DeclarationForm.js";
import type { CommitmentsAnswer } from "./types.js";
import "./followup.css";

/**
 * The « Suivi » tab of a signed charter: the campaign under way and, for a
 * member of a partner organisation, « Mes engagements » — what is due, what
 * is declared, what the committee asked — with a declaration form for each.
 */
export function FollowupPanel(props: { charter: Charter }) {
  const path = `/charters/${encodeURIComponent(props.charter.id)}/commitments`;
  const data = useResource((signal) => api<CommitmentsAnswer>("GET", path, { signal }), [props.charter.id]);
  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Loading />;
  const campaign = [...data.data.campaigns].reverse().find((c) => c.state != "closed");
  const mine = data.data.commitments.filter((c) => c.mine);
  // Several commitments may share an article: each is named by its rank in it, for headings and form names.
  const rank = new Map<string, number>();
  const perArticle = new Map<number, number>();
  for (const c of data.data.commitments) {
    perArticle.set(c.article.number, (perArticle.get(c.article.number) ?? 0) + 1);
    rank.set(c.id, perArticle.get(c.article.number)!);
  }
  const canDeclare = !!props.charter.abilities["compliance:declare"];
  return (
    <section class="followup" aria-labelledby="followup-title">
      <h2 id="followup-title">Suivi des engagements</h2>
      {!campaign ? (
        <Notice kind="info">Aucune campagne de suivi n'est ouverte. Les pilotes en ouvrent une pour chaque bilan annuel.</Notice>
      ) : (
        <p class="followup-campaign">
          Campagne <strong>{campaign.label}</strong> ({CAMPAIGN_STATES[campaign.state].toLowerCase()}) : période du {formatDay(campaign.start)} au {formatDay(campaign.end)},
          déclarations jusqu'au {formatDay(campaign.deadline)}, comité le {formatDay(campaign.committeeDate)}.
        </p>
      )}
      <h3>Mes engagements</h3>
      {mine.length == 0 ? (
        <p>Votre organisation n'est responsable d'aucun engagement de cette charte.</p>
      ) : (
        <ol class="followup-list">
          {mine.map((c) => {
            const current = campaign && c.campaigns.find((x) => x.campaignId == campaign.id);
            const asked = current?.appraisal && current.appraisal.outcome && OUTCOMES_ASKING_ANSWER.includes(current.appraisal.outcome) && !current.appraisal.answered;
            const open = campaign?.state == "open" || (campaign?.state == "in_review" && !!asked);
            return (
              <li class="followup-item">
                <h4>Article {c.article.number}, engagement {rank.get(c.id)} — {c.article.heading}</h4>
                <p class="followup-stage">Titre {c.stage.number} — {c.stage.heading}</p>
                <p>{c.text}</p>
                <dl class="followup-facts">
                  <div><dt>Échéance</dt><dd>{c.due ? formatDay(c.due) : "Aucune"}{c.overdue && <strong class="followup-overdue"> — {OVERDUE}</strong>}</dd></div>
                  {c.indicator && <div><dt>Indicateur</dt><dd>{c.indicator}</dd></div>}
                  {campaign && <div><dt>Déclaré</dt><dd>{current?.statusLabel}{current?.declaration && ` (révision ${current.declaration.revision})`}</dd></div>}
                  {current?.appraisal && <div><dt>Appréciation</dt><dd>{current.appraisal.appraisalLabel}{current.appraisal.outcomeLabel && ` — ${current.appraisal.outcomeLabel}`}{current.appraisal.comment && ` : ${current.appraisal.comment}`}</dd></div>}
                </dl>
                {campaign && canDeclare && open && (
                  <DeclarationForm name={`Article ${c.article.number}, engagement ${rank.get(c.id)}`} charterId={props.charter.id} campaignId={campaign.id} commitment={c} current={current} answering={campaign.state == "in_review"} onSaved={data.reload} />
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
