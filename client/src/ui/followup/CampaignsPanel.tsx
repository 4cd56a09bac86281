import { useState } from "preact/hooks";
import { api } from "../../api.js";
import { formatDay, formatDateTime } from "../../format.js";
import { CAMPAIGN_STATES } from "../../../../server/shared/followup.js";
import { ConfirmDialog } from "../ConfirmDialog.js";
import { Notice } from "../feedback.js";
import { OpenCampaignForm } from "./OpenCampaignForm.js";
import type { FollowupViewProps } from "./FollowupPanel.js";
import type { Campaign } from "./types.js";
import { parisDay } from "../../../../server/shared/frenchDates.js";

/** What moving a campaign on means, said in the confirmation dialog. */
const MOVES = {
  in_review: {
    button: "Passer en revue",
    title: "Passer la campagne en revue",
    text: "Les organisations ne pourront plus déclarer, sauf pour répondre une fois à une déclaration que le comité leur renvoie. Le comité et les pilotes pourront apprécier les déclarations.",
  },
  closed: {
    button: "Clore la campagne",
    title: "Clore la campagne",
    text: "La campagne sera figée dans un instantané daté, avec son empreinte SHA-256 liée à la version signée : ses déclarations, valeurs et appréciations ne changeront plus. C'est ce que le comité arrête ; cela ne peut être annulé.",
  },
} as const;

/**
 * What a pilot should know before moving a campaign on, from what the page
 * already has: declarations cut short before their deadline; declarations
 * and answers the committee has not appraised yet; the committee still to
 * meet. Said in the dialog, not enforced: the pilots decide.
 */
function beforeMoving(props: FollowupViewProps, campaign: Campaign, to: keyof typeof MOVES): string[] {
  const today = parisDay();
  const notes: string[] = [];
  if (to == "in_review" && today <= campaign.deadline)
    notes.push(`La date limite des déclarations (${formatDay(campaign.deadline)}) n'est pas passée : les organisations qui n'ont pas encore déclaré ne le pourront plus.`);
  if (to == "closed") {
    const here = props.data.commitments.map((c) => c.campaigns.find((x) => x.campaignId == campaign.id)).filter((x) => !!x?.declaration);
    const unappraised = here.filter((x) => !x!.appraisal).length;
    const answers = here.filter((x) => x!.declaration!.answersAppraisalId && x!.declaration!.answersAppraisalId == x!.appraisal?.id).length;
    if (unappraised) notes.push(`${unappraised} ${unappraised > 1 ? "déclarations n'ont pas été appréciées" : "déclaration n'a pas été appréciée"} par le comité.`);
    if (answers) notes.push(`${answers} ${answers > 1 ? "réponses d'organisations attendent" : "réponse d'organisation attend"} l'appréciation du comité.`);
    if (!unappraised && !answers) notes.push("Toutes les déclarations et réponses ont été appréciées.");
    if (today < campaign.committeeDate) notes.push(`Le comité est prévu le ${formatDay(campaign.committeeDate)}.`);
  }
  return notes;
}

/**
 * « Campagnes » (pilots): every campaign with its state, the forms to open
 * the next one, and the buttons that move the running one on — each through
 * a confirmation dialog, since it changes things for every organisation.
 */
export function CampaignsPanel(props: FollowupViewProps) {
  const [moving, setMoving] = useState<{ campaign: Campaign; to: keyof typeof MOVES } | null>(null);
  const [done, setDone] = useState("");
  const campaigns = [...props.data.campaigns].reverse();
  const base = `/charters/${encodeURIComponent(props.charter.id)}/campaigns`;
  return (
    <>
      <h3 id="campaigns-title" tabIndex={-1}>Campagnes de suivi</h3>
      {done && <Notice kind="success">{done}</Notice>}
      {campaigns.length == 0 ? (
        <p>Aucune campagne n'a encore été ouverte.</p>
      ) : (
        <div class="table-wrap">
          <table class="table campaigns-table">
            <caption>Campagnes, de la plus récente à la plus ancienne</caption>
            <thead>
              <tr><th scope="col">Campagne</th><th scope="col">Période</th><th scope="col">Date limite des déclarations</th><th scope="col">Comité</th><th scope="col">État</th><th scope="col">Actions</th></tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr>
                  <th scope="row">{c.label}</th>
                  <td>du {formatDay(c.start)} au {formatDay(c.end)}</td>
                  <td>{formatDay(c.deadline)}</td>
                  <td>{formatDay(c.committeeDate)}</td>
                  <td>
                    <span class={`campaign-state campaign-state-${c.state}`}>{CAMPAIGN_STATES[c.state]}</span>
                    {c.state == "closed" && c.closedAt && <span class="campaign-closed-at"> le {formatDateTime(c.closedAt)}</span>}
                    {c.snapshotSha256 && <span class="campaign-hash">Empreinte SHA-256 : <code>{c.snapshotSha256}</code></span>}
                  </td>
                  <td>
                    {c.state == "open" && (
                      <button type="button" class="button button-small" onClick={() => setMoving({ campaign: c, to: "in_review" })}>{MOVES.in_review.button}<span class="visually-hidden"> : {c.label}</span></button>
                    )}
                    {c.state == "in_review" && (
                      <button type="button" class="button button-small button-danger" onClick={() => setMoving({ campaign: c, to: "closed" })}>{MOVES.closed.button}<span class="visually-hidden"> : {c.label}</span></button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.campaign ? (
        <p class="hint">Une seule campagne à la fois : clôturez « {props.campaign.label} » avant d'en ouvrir une autre.</p>
      ) : (
        <OpenCampaignForm key={campaigns.length} charterId={props.charter.id} lastEnd={campaigns[0]?.end} effectiveDate={props.charter.effectiveDate} onOpened={() => {
          setDone("La campagne est ouverte : les organisations peuvent déclarer.");
          // The form gives way to the campaign in the table: the focus goes to the view's heading, before the message.
          document.getElementById("campaigns-title")?.focus();
          props.onChanged();
        }} />
      )}
      {moving && (
        <ConfirmDialog
          title={`${MOVES[moving.to].title} « ${moving.campaign.label} »`}
          confirmLabel={MOVES[moving.to].button}
          danger={moving.to == "closed"}
          onConfirm={() => api("POST", `${base}/${encodeURIComponent(moving.campaign.id)}/state`, { body: { state: moving.to } }).then(() => undefined)}
          onClose={() => setMoving(null)}
          onDone={() => {
            setDone(moving.to == "closed" ? `La campagne « ${moving.campaign.label} » est close.` : `La campagne « ${moving.campaign.label} » est en revue.`);
            props.onChanged();
            document.getElementById("campaigns-title")?.focus();
          }}
        >
          <p>{MOVES[moving.to].text}</p>
          {beforeMoving(props, moving.campaign, moving.to).map((note) => <p class="campaign-move-note">{note}</p>)}
        </ConfirmDialog>
      )}
    </>
  );
}
