import { useState } from "preact/hooks";
import { formatDateTime, formatDay } from "../../format.js";
import { OUTCOMES_ASKING_ANSWER, OVERDUE } from "../../../../server/shared/followup.js";
import { Notice } from "../feedback.js";
import { AppraisalForm } from "./AppraisalForm.js";
import { EvidenceList } from "./EvidenceList.js";
import type { FollowupViewProps } from "./FollowupPanel.js";
import type { CommitmentInCampaign, TrackedCommitment } from "./types.js";

/** Which declarations the reviewer looks at. */
const FILTERS = {
  all: "Tous les engagements",
  to_appraise: "Déclarations à apprécier",
  sent_back: "Renvoyées aux organisations",
  missing: "Non renseignés",
} as const;
type Filter = keyof typeof FILTERS;

/** « 1 déclaré », « 3 déclarés ». */
const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? "s" : ""}`;

/** Whether the latest revision still waits for an appraisal (never appraised, or an answer came after). */
const toAppraise = (c: CommitmentInCampaign | undefined) => !!c?.declaration && c.appraisal?.declarationId != c.declaration.id;
const sentBack = (c: CommitmentInCampaign | undefined) => !!c?.appraisal?.outcome && OUTCOMES_ASKING_ANSWER.includes(c.appraisal.outcome) && c.appraisal.declarationId == c.declaration?.id;

const FILTER_TESTS: Record<Filter, (c: CommitmentInCampaign | undefined) => boolean> = {
  all: () => true,
  to_appraise: toAppraise,
  sent_back: sentBack,
  missing: (c) => !c?.declaration,
};

/**
 * « Revue » (committee and pilots): every commitment, by organisation, with
 * its latest declaration — status, what was done, the reason, the evidence —
 * and, while the campaign is in review, the appraisal form. Before the review
 * and once closed it is read-only.
 */
export function ReviewPanel(props: FollowupViewProps) {
  const [filter, setFilter] = useState<Filter>("all");
  // Said here too: with a filter on, the appraised commitment leaves the list, and its form's message with it.
  const [saved, setSaved] = useState("");
  const campaign = props.campaign ?? [...props.data.campaigns].reverse().find((c) => c.state == "closed");
  if (!campaign) return <><h3>Revue des déclarations</h3><p>Aucune campagne n'a encore été ouverte.</p></>;
  const reviewing = campaign.state == "in_review" && !!props.charter.abilities["compliance:review"];
  const entries = props.data.commitments.map((c) => ({ commitment: c, current: c.campaigns.find((x) => x.campaignId == campaign.id) }));
  const shown = entries.filter((e) => FILTER_TESTS[filter](e.current));
  const byOrganisation = new Map<string, typeof shown>();
  for (const entry of shown) {
    const name = entry.commitment.organisation?.name ?? "Sans organisation responsable";
    byOrganisation.set(name, [...(byOrganisation.get(name) ?? []), entry]);
  }
  const count = (test: (c: CommitmentInCampaign | undefined) => boolean) => entries.filter((e) => test(e.current)).length;

  return (
    <>
      <h3 id="review-title" tabIndex={-1}>Revue des déclarations — {campaign.label}</h3>
      {campaign.state == "open" && <Notice kind="info">La campagne est ouverte aux déclarations : la revue commencera quand un pilote la passera « en revue ». Les déclarations sont montrées en lecture seule.</Notice>}
      {campaign.state == "closed" && <Notice kind="info">La campagne « {campaign.label} » est close : ses appréciations ne changent plus.</Notice>}
      <p class="review-counts">
        {plural(entries.length, "engagement")} : {plural(count((c) => !!c?.declaration), "déclaré")}, {plural(count(FILTER_TESTS.missing), "non renseigné")}, {count(toAppraise)} à apprécier,{" "}
        {plural(count(sentBack), "renvoyé")} aux organisations.
      </p>
      <div class="field review-filter">
        <label for="review-filter">Afficher</label>
        <select id="review-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
          {Object.entries(FILTERS).map(([id, label]) => <option value={id}>{label}</option>)}
        </select>
      </div>
      <p class="visually-hidden" role="status">{saved}</p>
      {shown.length == 0 && <p>Aucun engagement ne correspond.</p>}
      {[...byOrganisation].map(([name, list]) => (
        <div class="review-organisation">
          <h4>{name}</h4>
          <ol class="followup-list">
            {list.map(({ commitment, current }) => (
              <ReviewItem {...props} campaignId={campaign.id} commitment={commitment} current={current} reviewing={reviewing} onAppraised={(name) => {
                setSaved(`Appréciation enregistrée : ${name}.`);
                // Filtered on what is left to appraise, the item and its form go away: the focus goes back to the list's top.
                if (filter == "to_appraise") document.getElementById("review-filter")?.focus();
                props.onChanged();
              }} />
            ))}
          </ol>
        </div>
      ))}
    </>
  );
}

function ReviewItem(props: FollowupViewProps & { campaignId: string; commitment: TrackedCommitment; current: CommitmentInCampaign | undefined; reviewing: boolean; onAppraised(name: string): void }) {
  const { commitment: c, current } = props;
  const d = current?.declaration;
  const a = current?.appraisal;
  const name = props.names.get(c.id)!;
  const answer = d?.answersAppraisalId && a?.id == d.answersAppraisalId;
  return (
    <li class="followup-item review-item">
      <h5>{name} — {c.article.heading}</h5>
      <p class="followup-stage">Titre {c.stage.number} — {c.stage.heading}</p>
      <p>{c.text}</p>
      <dl class="followup-facts">
        <div><dt>Échéance</dt><dd>{c.due ? formatDay(c.due) : "Aucune"}{(current ? current.overdue : c.overdue) && <strong class="followup-overdue"> — {OVERDUE}</strong>}</dd></div>
        <div><dt>Statut déclaré</dt><dd><strong>{current?.statusLabel}</strong>{current?.fromEarlierCampaign && " (déclaré lors d'une campagne précédente)"}{d && ` (révision ${d.revision}, le ${formatDateTime(d.createdAt)})`}</dd></div>
      </dl>
      {d && (
        <div class="review-declaration">
          {answer && <p class="review-answer">Réponse de l'organisation à l'appréciation « {a!.appraisalLabel} — {a!.outcomeLabel} »{a!.comment && <> : <q>{a!.comment}</q></>}</p>}
          <p class="review-label">Ce qui a été fait</p>
          {d.narrative ? <p class="review-text">{d.narrative}</p> : <p class="review-text review-empty">Non précisé.</p>}
          {d.reason && <><p class="review-label">Motif ou justification</p><p class="review-text">{d.reason}</p></>}
          <p class="review-label">Pièces justificatives</p>
          <EvidenceList charterId={props.charter.id} campaignId={props.campaignId} evidence={d.evidence} />
        </div>
      )}
      {a && !answer && (
        <p class="review-current">
          Appréciation : <strong>{a.appraisalLabel}</strong>{a.outcomeLabel && ` — ${a.outcomeLabel}`}{a.comment && <> : <q>{a.comment}</q></>}
          {a.declarationId != d?.id && " (sur une révision précédente)"}
        </p>
      )}
      {props.reviewing && d && (
        <AppraisalForm
          key={d.id}
          name={name}
          charterId={props.charter.id}
          campaignId={props.campaignId}
          declarationId={d.id}
          current={a && a.declarationId == d.id ? { appraisal: a.appraisal, comment: a.comment, outcome: a.outcome } : undefined}
          onSaved={() => props.onAppraised(name)}
        />
      )}
    </li>
  );
}
