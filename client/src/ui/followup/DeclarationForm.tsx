import { useState } from "preact/hooks";
import { api, ApiError } from "../../api.js";
import { DECLARATION_STATUSES, STATUSES_NEEDING_REASON, type DeclarationStatus } from "../../../../server/shared/followup.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../Field.js";
import { ErrorAlert } from "../feedback.js";
import { addEvidenceLink, uploadEvidence, type StoredEvidence } from "./uploadEvidence.js";
import type { TrackedCommitment, CommitmentInCampaign } from "./types.js";

/**
 * The organisation's declaration on one of its commitments: a status, what
 * was done, the reason when the status needs one, and evidence files. Each
 * sending is a new revision; the server checks everything again.
 */
export function DeclarationForm(props: { name: string; charterId: string; campaignId: string; commitment: TrackedCommitment; current: CommitmentInCampaign | undefined; answering: boolean; onSaved(): void }) {
  const prefix = `declaration-${props.commitment.id}`;
  const ids = { status: `${prefix}-status`, narrative: `${prefix}-narrative`, reason: `${prefix}-reason`, file: `${prefix}-file`, link: `${prefix}-link` };
  const last = props.current?.declaration;
  const [status, setStatus] = useState<DeclarationStatus | "">(last?.status ?? "");
  const [narrative, setNarrative] = useState(last?.narrative ?? "");
  const [reason, setReason] = useState(last?.reason ?? "");
  const [link, setLink] = useState("");
  const [evidence, setEvidence] = useState<StoredEvidence[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const reasonNeeded = status ? STATUSES_NEEDING_REASON[status] : undefined;

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    if (!status) {
      const missing = new ApiError(400, "invalid_input", "Choisissez un statut.", "status");
      setError(missing);
      focusErrorField(missing, ids);
      return;
    }
    setBusy(true);
    try {
      const file = (document.getElementById(ids.file) as HTMLInputElement | null)?.files?.[0];
      const uploaded = file ? [await uploadEvidence(props.charterId, props.campaignId, file, file.name)] : [];
      if (link.trim()) {
        uploaded.push(await addEvidenceLink(props.charterId, props.campaignId, link.trim()));
        setLink("");
      }
      const all = [...evidence, ...uploaded];
      // Kept for a retry if the declaration itself is refused: the file is not sent twice.
      setEvidence(all);
      const picked = document.getElementById(ids.file) as HTMLInputElement | null;
      if (picked && uploaded.length) picked.value = "";
      await api("POST", `/charters/${encodeURIComponent(props.charterId)}/campaigns/${encodeURIComponent(props.campaignId)}/declarations`, {
        body: { commitmentId: props.commitment.id, status, narrative, reason: reasonNeeded ? reason : undefined, evidenceIds: [...(last?.evidence.map((e) => e.id) ?? []), ...all.map((e) => e.id)] },
      });
      setEvidence([]);
      setSaved(true);
      props.onSaved();
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, "unknown", "Erreur inattendue.");
      // An upload refused is about the file field.
      const shown = ["empty_file", "file_too_large", "unsupported_file_type", "no_file"].includes(apiError.id) ? new ApiError(apiError.status, apiError.id, apiError.message, "file")
        : apiError.field == "url" ? new ApiError(apiError.status, apiError.id, apiError.message, "link") : apiError;
      setError(shown);
      focusErrorField(shown, ids);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="declaration-form" onSubmit={submit} noValidate aria-label={`Déclaration : ${props.name}`}>
      {props.answering && <p class="declaration-answering">Votre réponse : une nouvelle révision de la déclaration, que le comité appréciera.</p>}
      <ErrorAlert error={error} fields={Object.keys(ids)} />
      <Field id={ids.status} label="Statut" error={errorFor(error, "status")}>
        <select {...fieldAttributes(ids.status, { error: errorFor(error, "status") })} value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value as DeclarationStatus)}>
          <option value="">— Choisir —</option>
          {Object.entries(DECLARATION_STATUSES).map(([id, label]) => <option value={id}>{label}</option>)}
        </select>
      </Field>
      <Field id={ids.narrative} label="Ce qui a été fait" optional error={errorFor(error, "narrative")}>
        <textarea {...fieldAttributes(ids.narrative, { error: errorFor(error, "narrative") })} rows={3} value={narrative} onInput={(e) => setNarrative((e.currentTarget as HTMLTextAreaElement).value)} />
      </Field>
      {reasonNeeded && (
        <Field id={ids.reason} label="Motif ou justification" hint={reasonNeeded} error={errorFor(error, "reason")}>
          <textarea {...fieldAttributes(ids.reason, { hint: reasonNeeded, error: errorFor(error, "reason") })} rows={2} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
        </Field>
      )}
      <Field id={ids.file} label="Pièce justificative" optional hint="PDF, image PNG ou JPEG, document Word, Excel ou OpenDocument." error={errorFor(error, "file")}>
        <input type="file" {...fieldAttributes(ids.file, { hint: true, error: errorFor(error, "file") })} />
      </Field>
      <Field id={ids.link} label="Lien vers une pièce" optional hint="Une adresse complète commençant par https:// (un document publié, un compte rendu en ligne)." error={errorFor(error, "link")}>
        <input type="text" inputMode="url" {...fieldAttributes(ids.link, { hint: true, error: errorFor(error, "link") })} value={link} onInput={(e) => setLink((e.currentTarget as HTMLInputElement).value)} />
      </Field>
      {last && last.evidence.length > 0 && (
        <p class="hint">Pièces déjà jointes : {last.evidence.map((e) => e.title ?? e.filename ?? e.url).join(", ")}</p>
      )}
      <button type="submit" class="button" disabled={busy}>{busy ? "Envoi…" : props.answering ? "Envoyer la réponse au comité" : last ? "Enregistrer une nouvelle révision" : "Enregistrer la déclaration"}</button>
      {saved && <p class="declaration-saved" role="status">{props.answering ? "Réponse envoyée au comité." : "Déclaration enregistrée."}</p>}
    </form>
  );
}
