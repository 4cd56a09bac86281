import { useEffect, useState } from "preact/hooks";
import type { NumberedEntry } from "../../../../server/shared/numbering.js";
import { api } from "../../api.js";
import { formatDateTime, formatDay } from "../../format.js";
import type { Charter, Member } from "../../types.js";
import { ErrorAlert, Loading } from "../feedback.js";
import type { Resource } from "../useResource.js";
import { useResource } from "../useResource.js";
import { ApprovalDialog } from "./ApprovalDialog.js";
import { OpenSigningDialog } from "./OpenSigningDialog.js";
import { RefusalDialog } from "./RefusalDialog.js";
import { SignDialog } from "./SignDialog.js";
import { SignedFiles } from "./SignedFiles.js";
import { DECISION_LABELS, type OrganisationStatus, type SigningStatus } from "./types.js";
import "./signing.css";
import { theOrganisation } from "../../../../server/shared/organisationNames.js";

type Dialogs = "approve" | "request_changes" | "sign" | "refuse" | "open" | null;

/**
 * « Approbation et signature »: where each signatory organisation stands on
 * the frozen version (its decision, its signature), what the user can do
 * about it (approve or ask for changes, sign or refuse; for pilots, open
 * signing and remind those missing), and what earlier rounds decided.
 */
export function SigningPanel(props: {
  charter: Charter;
  status: Resource<SigningStatus>;
  versionName: string;
  /** The frozen text's numbered headings, to name articles. */
  entries: NumberedEntry[];
  onChanged(): void;
}) {
  const { charter, status } = props;
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [done, setDone] = useState("");
  const isPilot = !!charter.abilities["members:manage"];
  // A message about what one did is stale once the charter's state moves on (signing opened, signed).
  useEffect(() => setDone(""), [charter.state]);
  const members = useResource(
    (signal) => (isPilot ? api<{ members: Member[] }>("GET", `/charters/${encodeURIComponent(charter.id)}/members`, { signal }).then((r) => r.members) : Promise.resolve([])),
    [charter.id, isPilot],
  );
  if (status.error) return <ErrorAlert error={status.error} />;
  if (!status.data) return <Loading label="Chargement des approbations et signatures…" />;
  const s = status.data;
  const mine = s.organisations.find((o) => o.organisation.id == s.myOrganisationId) ?? null;
  const close = () => setDialog(null);
  const after = (message: string) => () => {
    setDone(message);
    status.reload();
    props.onChanged();
  };
  const articleName = (id: string) => {
    const entry = props.entries.find((e) => e.kind == "clause" && e.id == id);
    return entry ? `article ${entry.number}` : "article retiré";
  };

  return (
    <div class="signing-panel">
      <h2 class="signing-title">Approbation et signature</h2>
      <p class="visually-hidden" role="status">
        {done}
      </p>
      {done && <div class="alert alert-success"><p>{done}</p></div>}
      <Summary charter={charter} status={s} versionName={props.versionName} />

      {mine && (charter.abilities["charter:approve"] || (charter.abilities["charter:sign"] && !mine.signature)) && (
        <div class="signing-actions">
          {charter.abilities["charter:approve"] && (
            <>
              <p>
                Décision de {theOrganisation(mine.organisation.name)} : <strong>{mine.decision ? DECISION_LABELS[mine.decision.decision] : "en attente"}</strong>
              </p>
              {/* Decided: the other decision stays possible, as a secondary action, while the round is open. */}
              {mine.decision?.decision != "approve" && (
                <button type="button" class={mine.decision ? "button button-secondary" : "button"} onClick={() => setDialog("approve")}>
                  Approuver la version
                </button>
              )}
              {mine.decision?.decision != "request_changes" && (
                <button type="button" class="button button-secondary" onClick={() => setDialog("request_changes")}>
                  Demander des modifications
                </button>
              )}
            </>
          )}
          {charter.abilities["charter:sign"] && !mine.signature && (
            <>
              {mine.maySign ? (
                <button type="button" class="button" onClick={() => setDialog("sign")}>
                  Signer pour {theOrganisation(mine.organisation.name)}
                </button>
              ) : (
                <p>Ce n'est pas encore le tour de {theOrganisation(mine.organisation.name)} : les organisations signent dans l'ordre fixé par les pilotes.</p>
              )}
              <button type="button" class="button button-secondary" onClick={() => setDialog("refuse")}>
                Refuser de signer
              </button>
            </>
          )}
        </div>
      )}

      {charter.abilities["signing:open"] && (
        <div class="signing-actions">
          {s.missingApprovals.length == 0 ? (
            <button type="button" class="button" onClick={() => setDialog("open")}>
              Ouvrir la signature
            </button>
          ) : (
            <p>
              La signature pourra être ouverte quand toutes les organisations auront approuvé la version ({s.missingApprovals.length} en attente).
            </p>
          )}
        </div>
      )}

      {s.organisations.some((o) => o.signature) && (
        <SignedFiles
          charterId={charter.id}
          files={[
            ...(charter.state == "signing" || charter.state == "signed"
              ? [{ path: "signed.pdf", label: charter.state == "signed" ? "Charte signée (PDF)" : "PDF signé jusqu'ici", fallbackName: "charte-signee.pdf" }]
              : []),
            { path: "evidence.pdf", label: "Fichier de preuve (PDF)", fallbackName: "fichier-de-preuve.pdf" },
            { path: "evidence.json", label: "Fichier de preuve (JSON)", fallbackName: "fichier-de-preuve.json" },
          ]}
        />
      )}

      <table class="signing-table">
        <caption>Organisations signataires</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Approbation</th>
            <th scope="col">Signature</th>
            {isPilot && <th scope="col">Relance</th>}
          </tr>
        </thead>
        <tbody>
          {s.organisations.map((o) => (
            <tr key={o.organisation.id}>
              <th scope="row">
                {o.position != null && <span class="signing-position">{o.position}. </span>}
                {o.organisation.name}
              </th>
              <td>
                <DecisionCell status={o} articleName={articleName} />
              </td>
              <td>{signatureText(o, charter)}</td>
              {isPilot && <td>{reminder(o, charter, members.data ?? [], props.versionName)}</td>}
            </tr>
          ))}
        </tbody>
      </table>

      {s.earlierRounds.length > 0 && (
        <details class="signing-earlier">
          <summary>Décisions sur des versions précédemment soumises ({s.earlierRounds.length})</summary>
          {s.earlierRounds.map((r) => (
            <div key={r.id}>
              <h3 class="signing-earlier-title">
                Version soumise le {formatDateTime(r.openedAt)} (empreinte {r.versionHash.slice(0, 12)}…){r.closedReason == "reopened" ? " — rédaction rouverte" : ""}
              </h3>
              {r.decisions.length ? (
                <ul>
                  {r.decisions.map((d) => (
                    <li key={d.organisation.id}>
                      {d.organisation.name} : {DECISION_LABELS[d.decision.decision]} le {formatDateTime(d.decision.at)}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>Aucune décision.</p>
              )}
            </div>
          ))}
        </details>
      )}

      {(dialog == "approve" || dialog == "request_changes") && mine && (
        <ApprovalDialog
          charterId={charter.id}
          decision={dialog}
          organisationName={mine.organisation.name}
          versionName={props.versionName}
          entries={props.entries}
          onClose={close}
          onDone={after(dialog == "approve" ? `Vous avez approuvé la ${props.versionName} au nom de ${theOrganisation(mine.organisation.name)}.` : "Votre demande de modifications est enregistrée.")}
        />
      )}
      {dialog == "sign" && mine && s.round && s.consentText && (
        <SignDialog
          charterId={charter.id}
          organisationName={mine.organisation.name}
          versionName={props.versionName}
          versionHash={s.round.versionHash}
          consentText={s.consentText}
          onClose={close}
          onDone={after(`Vous avez signé la charte au nom de ${theOrganisation(mine.organisation.name)}.`)}
        />
      )}
      {dialog == "refuse" && mine && <RefusalDialog charterId={charter.id} organisationName={mine.organisation.name} onClose={close} onDone={after("Votre refus est enregistré : la charte revient aux pilotes.")} />}
      {dialog == "open" && (
        <OpenSigningDialog charterId={charter.id} organisations={s.organisations.map((o) => o.organisation)} onClose={close} onDone={after("La signature est ouverte.")} />
      )}
    </div>
  );
}

function Summary(props: { charter: Charter; status: SigningStatus; versionName: string }) {
  const { charter, status: s } = props;
  const total = s.organisations.length;
  if (charter.state == "signed")
    return (
      <p class="signing-summary">
        Charte signée par les {total} organisations : en vigueur du {formatDay(charter.effectiveDate!)} au {formatDay(charter.endDate!)} ({charter.durationYears} ans).
      </p>
    );
  if (!s.round) return <p class="signing-summary">Aucune version n'est soumise à l'approbation : un pilote doit d'abord figer une version.</p>;
  if (charter.state == "signing")
    return (
      <p class="signing-summary">
        Signature de la {props.versionName} en cours : {total - s.missingSignatures.length} signature{total - s.missingSignatures.length > 1 ? "s" : ""} sur {total}
        {s.round.order ? ", dans l'ordre fixé par les pilotes" : ""}.
      </p>
    );
  return (
    <p class="signing-summary">
      Approbation de la {props.versionName} : {total - s.missingApprovals.length} approbation{total - s.missingApprovals.length > 1 ? "s" : ""} sur {total}.
    </p>
  );
}

function DecisionCell(props: { status: OrganisationStatus; articleName(id: string): string }) {
  const d = props.status.decision;
  if (!d) return <span class="signing-pending">En attente</span>;
  return (
    <>
      <span class={`signing-decision signing-decision-${d.decision}`}>{DECISION_LABELS[d.decision]}</span> le {formatDateTime(d.at)}
      {d.by.name && <> par {d.by.name}</>}
      {d.message && <span class="signing-message">« {d.message} »{d.clauseIds.length ? ` (${d.clauseIds.map(props.articleName).join(", ")})` : ""}</span>}
    </>
  );
}

function signatureText(o: OrganisationStatus, charter: Charter): string {
  if (o.signature) return `Signée le ${formatDateTime(o.signature.signedAt)} par ${o.signature.signerName}, ${o.signature.capacity}${o.signature.delegation ? ` (par délégation : ${o.signature.delegation})` : ""}`;
  if (charter.state != "signing") return "—";
  return o.maySign ? "À signer" : "En attente de son tour";
}

/** A mail to the organisation's signatories, for the pilot to remind them; only where something is awaited. */
function reminder(o: OrganisationStatus, charter: Charter, members: Member[], versionName: string) {
  const waiting = charter.state == "frozen" ? o.decision?.decision != "approve" : charter.state == "signing" ? !o.signature : false;
  if (!waiting) return "—";
  const emails = members.filter((m) => m.role == "signatory" && m.organisation?.id == o.organisation.id && m.email).map((m) => m.email!);
  if (!emails.length) return "Aucun signataire invité";
  const what = charter.state == "frozen" ? "approuver" : "signer";
  const subject = `Charte « ${charter.title} » : ${versionName} à ${what}`;
  const body = `Bonjour,\n\nLa ${versionName} de la charte « ${charter.title} » attend que ${o.organisation.name} la ${charter.state == "frozen" ? "approuve" : "signe"} :\n${location.origin}/chartes/${charter.id}\n\nMerci.`;
  return (
    <a href={`mailto:${emails.join(",")}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`}>
      Relancer<span class="visually-hidden"> {o.organisation.name}</span> par courriel
    </a>
  );
}
