import { useRef, useState } from "preact/hooks";
import { ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "../../../../server/shared/roles.js";
import { PARTNER_KINDS, partnerKinds } from "../../../../server/shared/partners.js";
import { api, asApiError, type ApiError } from "../../api.js";
import type { Invitation, Organisation } from "../../types.js";
import { ErrorAlert } from "../../ui/feedback.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../../ui/Field.js";
import { NewInvitationLink } from "./NewInvitationLink.js";

const FIELDS = { email: "invite-email", name: "invite-name", role: "invite-role", organisationId: "invite-organisation" };

/** Invites a person with a role (and an organisation); shows the one-time link made. */
export function InviteForm(props: { charterId: string; organisations: Organisation[]; onInvited(): void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [organisationId, setOrganisationId] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Invitation | null>(null);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { invitation } = await api<{ invitation: Invitation }>("POST", `/charters/${encodeURIComponent(props.charterId)}/invitations`, {
        body: { email, name: name.trim() || null, role, organisationId: organisationId || null },
      });
      setCreated(invitation);
      setEmail("");
      setName("");
      setOrganisationId("");
      props.onInvited();
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      focusErrorField(apiError, FIELDS);
    } finally {
      setBusy(false);
    }
  }

  const groups = partnerKinds
    .map((kind) => ({ kind, organisations: props.organisations.filter((o) => o.kind == kind) }))
    .filter((g) => g.organisations.length > 0);

  return (
    <>
      {created && (
        <NewInvitationLink
          invitation={created}
          onDismiss={() => {
            setCreated(null);
            document.getElementById(FIELDS.email)?.focus();
          }}
        />
      )}
      <form ref={form} onSubmit={submit} noValidate class="form">
        <p class="hint">
          Il n'y a pas d'envoi de courriel : un lien d'invitation à usage unique est créé, que vous transmettez vous-même à la personne.
        </p>
        <ErrorAlert error={error} fields={Object.keys(FIELDS)} />
        <div class="form-row">
          <Field id={FIELDS.email} label="Adresse électronique" error={errorFor(error, "email")}>
            <input
              {...fieldAttributes(FIELDS.email, { error: errorFor(error, "email") })}
              type="email"
              autocomplete="off"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </Field>
          <Field id={FIELDS.name} label="Nom et prénom" optional error={errorFor(error, "name")}>
            <input
              {...fieldAttributes(FIELDS.name, { error: errorFor(error, "name") })}
              type="text"
              autocomplete="off"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </Field>
        </div>
        <div class="form-row">
          <Field id={FIELDS.role} label="Rôle" hint={ROLE_DESCRIPTIONS[role]} error={errorFor(error, "role")}>
            <select
              {...fieldAttributes(FIELDS.role, { hint: true, error: errorFor(error, "role") })}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as Role)}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </Field>
          <Field id={FIELDS.organisationId} label="Organisation" optional hint="L'organisation pour laquelle la personne intervient." error={errorFor(error, "organisationId")}>
            <select
              {...fieldAttributes(FIELDS.organisationId, { hint: true, error: errorFor(error, "organisationId") })}
              value={organisationId}
              onChange={(e) => setOrganisationId(e.currentTarget.value)}
            >
              <option value="">— Aucune —</option>
              {groups.map((g) => (
                <optgroup key={g.kind} label={PARTNER_KINDS[g.kind]}>
                  {g.organisations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
        </div>
        <div class="actions">
          <button type="submit" class="button">
            {busy ? "Création du lien…" : "Créer l'invitation"}
          </button>
        </div>
      </form>
    </>
  );
}
