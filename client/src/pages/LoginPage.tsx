import { useEffect, useState } from "preact/hooks";
import { api, asApiError, type ApiError } from "../api.js";
import { navigate } from "../router.js";
import type { Session } from "../types.js";
import { PageHeading } from "../ui/PageHeading.js";
import { ErrorAlert } from "../ui/feedback.js";
import { Field, errorFor, fieldAttributes, focusErrorField } from "../ui/Field.js";
import { useSession } from "../ui/SessionContext.js";

const FIELDS = { email: "login-email", password: "login-password" };

/** `/connexion`: sign in with email and password. */
export function LoginPage() {
  const { me, signIn } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (me) navigate(returnPath(), { replace: true });
  }, [me]);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>("POST", "/auth/login", { body: { email, password }, sessionCheck: false });
      // Signing in sets `me`, and the effect above leaves the page.
      await signIn(session);
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
        <PageHeading title="Connexion" />
        <p class="lead">Connectez-vous pour accéder aux chartes dont vous êtes membre.</p>
        <form onSubmit={submit} noValidate>
          <ErrorAlert error={error} fields={Object.keys(FIELDS)} />
          <Field id={FIELDS.email} label="Adresse électronique" hint="Par exemple : prenom.nom@organisme.fr" error={errorFor(error, "email")}>
            <input
              {...fieldAttributes(FIELDS.email, { hint: true, error: errorFor(error, "email") })}
              type="email"
              name="email"
              autocomplete="username"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </Field>
          <Field id={FIELDS.password} label="Mot de passe" error={errorFor(error, "password")}>
            <input
              {...fieldAttributes(FIELDS.password, { error: errorFor(error, "password") })}
              type="password"
              name="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </Field>
          <div class="actions">
            <button type="submit" class="button">
              {busy ? "Connexion…" : "Se connecter"}
            </button>
          </div>
        </form>
        <p class="hint">Vous avez reçu une invitation ? Ouvrez le lien que le pilote de la charte vous a transmis.</p>
      </div>
    </div>
  );
}

/** Where to go after signing in: the page the user was sent away from, if it is one of ours. */
function returnPath(): string {
  const back = new URLSearchParams(window.location.search).get("retour");
  return back && back.startsWith("/") && !back.startsWith("//") ? back : "/";
}
