import type { Charter } from "../../types.js";
import { formatDay } from "../../format.js";
import { OUTCOMES_ASKING_ANSWER, OVERDUE } from "../../../../server/shared/followup.js";
import { DeclarationForm } from "./DeclarationForm.js";
import { SentBack } from "./SentBack.js";
import { EvidenceList } from "./EvidenceList.js";
import type { Campaign, CommitmentInCampaign, CommitmentsAnswer } from "./types.js";

/** Whether the committee sent the declaration back (its comment is then shown by `SentBack`). */
const sentBack = (current: CommitmentInCampaign) => !!current.appraisal?.outcome && OUTCOMES_ASKING_ANSWER.includes(current.appraisal.outcome);

/**
 * « Mes engagements »: for a member of a partner organisation, what is due,
 * what is declared and what the committee asked, with a declaration form for
 * each commitment while the campaign takes declarations — or, in review, to
 * answer once a declaration the committee sent back.
 */
export function MyCommitments(props: { charter: Charter; data: CommitmentsAnswer; campaign: Campaign | undefined; names: Map<string, string>; onSaved(): void }) {
  const { campaign, names } = props;
  const mine = props.data.commitments.filter((c) => c.mine);
  const canDeclare = !!props.charter.abilities["compliance:declare"];
  return (
    <>
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
                <h4 id={`mine-${c.id}`} tabIndex={-1}>{names.get(c.id)} — {c.article.heading}</h4>
                <p class="followup-stage">Titre {c.stage.number} — {c.stage.heading}</p>
                <p>{c.text}</p>
                <dl class="followup-facts">
                  <div><dt>Échéance</dt><dd>{c.due ? formatDay(c.due) : "Aucune"}{(current ? current.overdue : c.overdue) && <strong class="followup-overdue"> — {OVERDUE}</strong>}</dd></div>
                  {c.indicator && <div><dt>Indicateur</dt><dd>{c.indicator}</dd></div>}
                  {campaign && <div><dt>Déclaré</dt><dd>{current?.statusLabel}{current?.fromEarlierCampaign && " (déclaré lors d'une campagne précédente)"}{current?.declaration && ` (révision ${current.declaration.revision})`}</dd></div>}
                  {current?.appraisal && <div><dt>Appréciation</dt><dd>{current.appraisal.appraisalLabel}{current.appraisal.outcomeLabel && ` — ${current.appraisal.outcomeLabel}`}{current.appraisal.comment && !sentBack(current) && ` : ${current.appraisal.comment}`}</dd></div>}
                </dl>
                {current?.declaration && current.declaration.evidence.length > 0 && !(canDeclare && open) && (
                  <div class="mine-evidence">
                    <p class="review-label">Pièces justificatives déclarées</p>
                    <EvidenceList charterId={props.charter.id} campaignId={campaign!.id} evidence={current.declaration.evidence} />
                  </div>
                )}
                <SentBack current={current} />
                {campaign && canDeclare && open && (
                  <DeclarationForm name={names.get(c.id)!} charterId={props.charter.id} campaignId={campaign.id} commitment={c} current={current} answering={campaign.state == "in_review"} onSaved={() => {
                    // An answer is the last one: its form goes away, the focus stays on the commitment.
                    if (campaign.state == "in_review") document.getElementById(`mine-${c.id}`)?.focus();
                    props.onSaved();
                  }} />
                )}
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
