import { useEffect, useRef, useState } from "preact/hooks";
import { ROLE_LABELS } from "../../../../server/shared/roles.js";
import { formatTimestampDay } from "../../format.js";
import type { Invitation } from "../../types.js";
import { theOrganisation } from "../../../../server/shared/organisationNames.js";

/**
 * The one-time link of an invitation just made. There is no mail server and
 * the server never shows the link again, so it is put forward, ready to copy.
 */
export function NewInvitationLink(props: { invitation: Invitation; onDismiss(): void }) {
  const { invitation } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    setCopied(null);
    heading.current?.focus();
  }, [invitation.id]);

  async function copy() {
    const link = invitation.link ?? "";
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Lien copié dans le presse-papiers.");
    } catch {
      // The clipboard API needs a secure context (https); fall back to the selection.
      input.current?.select();
      const ok = document.execCommand?.("copy");
      setCopied(ok ? "Lien copié dans le presse-papiers." : "Copie automatique impossible : le lien est sélectionné, copiez-le avec Ctrl+C.");
    }
  }

  const who = invitation.name ? `${invitation.name} (${invitation.email})` : invitation.email;
  return (
    <section class="invitation-link" aria-labelledby="invitation-link-title">
      <h3 id="invitation-link-title" ref={heading} tabIndex={-1}>
        Invitation créée pour {who}
      </h3>
      <p>
        Envoyez ce lien à la personne invitée, par courriel ou par la messagerie de votre choix. Il lui permet de rejoindre la charte comme{" "}
        <strong>{ROLE_LABELS[invitation.role].toLowerCase()}</strong>
        {invitation.organisation?.name && <> pour {theOrganisation(invitation.organisation.name)}</>}, une seule fois, jusqu'au {formatTimestampDay(invitation.expiresAt)}.
      </p>
      <p class="warning-text">
        <strong>Ce lien ne sera plus affiché</strong> une fois cette page quittée : copiez-le maintenant.
      </p>
      <div class="field">
        <label for="invitation-link-value">Lien d'invitation</label>
        <div class="copy-row">
          <input
            ref={input}
            id="invitation-link-value"
            type="text"
            readOnly
            value={invitation.link}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="button" onClick={() => void copy()}>
            Copier le lien
          </button>
        </div>
        <p class="copy-status" role="status">
          {copied}
        </p>
      </div>
      <button type="button" class="button button-tertiary button-small" onClick={props.onDismiss}>
        J'ai transmis le lien
      </button>
    </section>
  );
}
