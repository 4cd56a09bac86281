import { OUTCOMES_ASKING_ANSWER } from "../../../../server/shared/followup.js";
import type { CommitmentInCampaign } from "./types.js";

/**
 * What the committee said when it sent a declaration back (« à compléter »
 * or « contesté »): its comment, and whether the organisation has answered
 * (it may answer once). Nothing when the declaration was not sent back.
 */
export function SentBack(props: { current: CommitmentInCampaign | undefined }) {
  const appraisal = props.current?.appraisal;
  if (!appraisal?.outcome || !OUTCOMES_ASKING_ANSWER.includes(appraisal.outcome)) return null;
  const answer = props.current?.declaration?.answersAppraisalId == appraisal.id ? props.current.declaration : null;
  return (
    <div class="followup-sentback">
      <p class="followup-sentback-title">
        {appraisal.outcome == "conteste" ? "Le comité conteste cette déclaration" : "Le comité demande de compléter cette déclaration"} ({appraisal.appraisalLabel.toLowerCase()})
      </p>
      {appraisal.comment ? <blockquote class="followup-comment">{appraisal.comment}</blockquote> : <p>Le comité n'a pas laissé de commentaire.</p>}
      {appraisal.answered ? (
        <p class="followup-answered">Votre organisation a répondu{answer ? ` (révision ${answer.revision})` : ""} : le comité appréciera la réponse.</p>
      ) : (
        <p>Vous pouvez répondre une fois, par une nouvelle révision de la déclaration, tant que la campagne est en revue.</p>
      )}
    </div>
  );
}
