import { useState } from "preact/hooks";
import { ROLE_LABELS } from "../../../server/shared/roles.js";
import { ofName } from "../../../server/shared/frenchNames.js";
import { ApiError, api, asApiError } from "../api.js";
import { navigate } from "../router.js";
import { setFlash } from "../flash.js";
import { formatTimestampDay } from "../format.js";
import type { InvitationPreview, Session } from "../types.js";
import { PageHeading } from "../ui/PageHeading.js";
import { ErrorAlert, Loading } from "../ui/feedback.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../ui/Field.js";
import { useSession } from "../ui/SessionContext.js";
import { useResource } from "../ui/useResource.js";

import { MIN_PASSWORD_LENGTH } from "../../../server/shared/limits.js";
import { theOrganisation } from "../../../server/shared/organisationNames.js";
const FIELDS = { name: "accept-name", jobTitle: "accept-job", password: "accept-password", confirmation: "accept-confirmation" };

/** `/invitation/:token`: what the invitation is for, and accepting it (new account or existing one). */
export function InvitationPage(props: { token: string }) {
  const { me } = useSession();
  const token = encodeURIComponent(props.token);
  const preview = useResource(
    (signal) => api<{ invitation: InvitationPreview }>("GET", `/invitations/${token}`, { signal, sessionCheck: false }).then((r) => r.invitation),
    [token],
  );

  if (preview.error) {
    const unknown = preview.error.status == 404;
    return (
      <div class="container narrow">
        <div class="panel">
          <PageHeading title="Invitation inutilisable" />
          <div class="alert alert-error" role="alert">
            <p>{unknown ? "Ce lien d'invitation n'existe pas. Vérifiez qu'il a été copié en entier, ou demandez-en un nouveau au pilote de la charte." : preview.error.message}</p>
          </div>
          <p>{me ? <a href="/">Aller à mes chartes</a> : <a href="/connexion">Aller à la page de connexion</a>}</p>
        </div>
      </div>
    );
  }
  if (!preview.data) return <div class="container narrow"><Loading /></div>;
  return <AcceptForm token={token} invitation={preview.data} />;
}

function AcceptForm(props: { token: string; invitation: InvitationPreview }) {
  const { invitation } = props;
  const { me, signIn } = useSession();
  const [name, setName] = useState(invitation.name ?? "");
  const [jobTitle, setJobTitle] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (!invitation.hasAccount) {
      const problem = checkNewAccount(name, password, confirmation);
      if (problem) {
        setError(problem);
        focusErrorField(problem, FIELDS);
        return;
      }
    }
    setBusy(true);
    try {
      const body = invitation.hasAccount ? { password } : { name: name.trim(), jobTitle: jobTitle.trim() || null, password };
      const session = await api<Session & { charterId: string }>("POST", `/invitations/${props.token}/accept`, { body, sessionCheck: false });
      await signIn(session);
      setFlash(`Bienvenue ! Vous avez rejoint la charte comme ${ROLE_LABELS[invitation.role].toLowerCase()}.`);
      navigate(`/chartes/${session.charterId}`, { replace: true });
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      setBusy(false);
      focusErrorField(apiError, FIELDS);
    }
  }

  return (
    <div class="container narrow">
      <div class="panel">
        <PageHeading title="Rejoindre une charte" />
        <p class="lead">
          Vous êtes invité(e) à rejoindre la charte <strong>« {invitation.charter.title} »</strong> comme{" "}
          <strong>{ROLE_LABELS[invitation.role].toLowerCase()}</strong>
          {invitation.organisation?.name && <> pour {theOrganisation(invitation.organisation.name)}</>}.
        </p>
        <dl class="facts-list">
          <div>
            <dt>Adresse électronique</dt>
            <dd>{invitation.email}</dd>
          </div>
          <div>
            <dt>Lien valable jusqu'au</dt>
            <dd>{formatTimestampDay(invitation.expiresAt)}</dd>
          </div>
        </dl>
        {me && me.user.email != invitation.email && (
          <div class="alert alert-info">
            <p>
              Vous êtes actuellement connecté(e) comme {me.user.email}. En acceptant, vous serez connecté(e) avec le compte {ofName(invitation.email)}.
            </p>
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <ErrorAlert error={error} fields={Object.keys(FIELDS)} />
          {invitation.hasAccount ? (
            <>
              <p>Un compte existe déjà pour cette adresse : saisissez son mot de passe pour accepter l'invitation.</p>
              <Field id={FIELDS.password} label="Mot de passe" error={errorFor(error, "password")}>
                <input
                  {...fieldAttributes(FIELDS.password, { error: errorFor(error, "password") })}
                  type="password"
                  autocomplete="current-password"
                  required
                  value={password}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              </Field>
            </>
          ) : (
            <>
              <p>Créez votre compte pour accepter l'invitation.</p>
              <Field id={FIELDS.name} label="Nom et prénom" error={errorFor(error, "name")}>
                <input
                  {...fieldAttributes(FIELDS.name, { error: errorFor(error, "name") })}
                  type="text"
                  autocomplete="name"
                  required
                  value={name}
                  onInput={(e) => setName(e.currentTarget.value)}
                />
              </Field>
              <Field id={FIELDS.jobTitle} label="Fonction" optional hint="Par exemple : conseillère en économie sociale et familiale" error={errorFor(error, "jobTitle")}>
                <input
                  {...fieldAttributes(FIELDS.jobTitle, { hint: true, error: errorFor(error, "jobTitle") })}
                  type="text"
                  autocomplete="organization-title"
                  value={jobTitle}
                  onInput={(e) => setJobTitle(e.currentTarget.value)}
                />
              </Field>
              <Field id={FIELDS.password} label="Mot de passe" hint={`Au moins ${MIN_PASSWORD_LENGTH} caractères.`} error={errorFor(error, "password")}>
                <input
                  {...fieldAttributes(FIELDS.password, { hint: true, error: errorFor(error, "password") })}
                  type="password"
                  autocomplete="new-password"
                  required
                  minLength={MIN_PASSWORD_LENGTH}
                  value={password}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              </Field>
              <Field id={FIELDS.confirmation} label="Confirmation du mot de passe" error={errorFor(error, "confirmation")}>
                <input
                  {...fieldAttributes(FIELDS.confirmation, { error: errorFor(error, "confirmation") })}
                  type="password"
                  autocomplete="new-password"
                  required
                  value={confirmation}
                  onInput={(e) => setConfirmation(e.currentTarget.value)}
                />
              </Field>
            </>
          )}
          <div class="actions">
            <button type="submit" class="button">
              {busy ? "Un instant…" : invitation.hasAccount ? "Accepter l'invitation" : "Créer mon compte et rejoindre la charte"}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** Checks done before asking the server, for messages next to the right field (the server checks again). */
function checkNewAccount(name: string, password: string, confirmation: string): ApiError | null {
  if (!name.trim()) return invalid("name", "Indiquez vos nom et prénom.");
  if (password.length < MIN_PASSWORD_LENGTH) return invalid("password", `Le mot de passe doit faire au moins ${MIN_PASSWORD_LENGTH} caractères.`);
  if (password != confirmation) return invalid("confirmation", "Les deux mots de passe ne sont pas identiques.");
  return null;
}

function invalid(field: string, message: string): ApiError {
  return new ApiError(400, "invalid_input", message, field);
}
