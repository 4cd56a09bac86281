import { useState } from "preact/hooks";
import { ROLE_LABELS } from "../../../../server/shared/roles.js";
import { ofName } from "../../../../server/shared/frenchNames.js";
import { api, asApiError, type ApiError } from "../../api.js";
import { formatTimestampDay } from "../../format.js";
import type { Invitation } from "../../types.js";
import { ErrorAlert, Notice } from "../../ui/feedback.js";
import { ConfirmDialog } from "../../ui/ConfirmDialog.js";

/** Invitations not yet accepted; pilots can cancel them. */
export function PendingInvitations(props: { charterId: string; invitations: Invitation[]; onChanged(): void; /** Focused (tabindex -1) once a row is gone. */ headingId: string }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const [cancelling, setCancelling] = useState<Invitation | null>(null);

  async function cancel(invitation: Invitation) {
    await api("DELETE", `/charters/${encodeURIComponent(props.charterId)}/invitations/${encodeURIComponent(invitation.id)}`);
  }

  /** The row and its button are gone: the focus goes to the section's heading, beside the notice. */
  function cancelled(invitation: Invitation) {
    setError(null);
    setDone(`L'invitation ${ofName(invitation.email)} a été annulée.`);
    props.onChanged();
    document.getElementById(props.headingId)?.focus();
  }

  return (
    <>
      <ErrorAlert error={error} />
      {done && (
        <Notice kind="success">
          <p>{done}</p>
        </Notice>
      )}
      {props.invitations.length == 0 ? (
        <p class="empty">Aucune invitation en attente.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Invitations en attente d'acceptation</caption>
            <thead>
              <tr>
                <th scope="col">Personne invitée</th>
                <th scope="col">Organisation</th>
                <th scope="col">Rôle</th>
                <th scope="col">Validité</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {props.invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <th scope="row">
                    <span class="person">
                      {invitation.name && <span class="person-name">{invitation.name}</span>}
                      <span class={invitation.name ? "person-detail" : "person-name"}>{invitation.email}</span>
                    </span>
                  </th>
                  <td>{invitation.organisation?.name ?? "—"}</td>
                  <td>{ROLE_LABELS[invitation.role]}</td>
                  <td>
                    {invitation.expired ? (
                      <span class="badge badge-expired">Expirée</span>
                    ) : (
                      <>Jusqu'au {formatTimestampDay(invitation.expiresAt)}</>
                    )}
                  </td>
                  <td>
                    <button type="button" class="button button-danger button-small" onClick={() => setCancelling(invitation)}>
                      Annuler<span class="visually-hidden"> l'invitation {ofName(invitation.email)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cancelling && (
        <ConfirmDialog
          title={`Annuler l'invitation ${ofName(cancelling.email)} ?`}
          confirmLabel="Annuler l'invitation"
          cancelLabel="Garder l'invitation"
          danger
          onConfirm={() => cancel(cancelling)}
          onClose={() => setCancelling(null)}
          onDone={() => cancelled(cancelling)}
        >
          <p>Son lien ne fonctionnera plus.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
