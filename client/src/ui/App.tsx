import { useEffect, useMemo, useState } from "preact/hooks";
import { api, onSessionExpired } from "../api.js";
import { getToken, setToken } from "../token.js";
import { matchPath, navigate, useLocation } from "../router.js";
import type { Me, Organisation, Session } from "../types.js";
import { SessionContext, type SessionValue } from "./SessionContext.js";
import { Header } from "./Header.js";
import { Loading } from "./feedback.js";
import { LoginPage } from "../pages/LoginPage.js";
import { ChartersPage } from "../pages/ChartersPage.js";
import { NewCharterPage } from "../pages/NewCharterPage.js";
import { CharterPage } from "../pages/CharterPage.js";
import { MembersPage } from "../pages/MembersPage.js";
import { InvitationPage } from "../pages/InvitationPage.js";
import { NotFoundPage } from "../pages/NotFoundPage.js";
import { VerifyPage } from "../pages/verify/VerifyPage.js";
import { PublicCharterPage } from "../pages/public/PublicCharterPage.js";

/** The login page, with where to come back to after signing in. */
export function loginPath(from = window.location.pathname + window.location.search): string {
  return from == "/" || from.startsWith("/connexion") ? "/connexion" : `/connexion?retour=${encodeURIComponent(from)}`;
}

/** The whole client: session, header, and the page for the current address. */
export function App() {
  const location = useLocation();
  // undefined: still finding out whether the stored token is valid.
  const [me, setMe] = useState<Me | null | undefined>(getToken() ? undefined : null);
  const [organisationName, setOrganisationName] = useState<string | null>(null);

  async function loadMe(): Promise<void> {
    const loaded = await api<Me>("GET", "/auth/me");
    setMe(loaded);
    // /auth/me gives only the organisation's id; its name is for the header.
    setOrganisationName(null);
    if (loaded.user.organisationId) {
      const { organisations } = await api<{ organisations: Organisation[] }>("GET", "/organisations");
      setOrganisationName(organisations.find((o) => o.id == loaded.user.organisationId)?.name ?? null);
    }
  }

  useEffect(() => {
    onSessionExpired(() => {
      setMe(null);
      if (!isPublic(window.location.pathname)) navigate(loginPath(), { replace: true });
    });
    if (getToken()) loadMe().catch(() => setMe((m) => m ?? null));
  }, []);

  const session = useMemo<SessionValue>(() => ({
    me: me ?? null,
    async signIn(s: Session) {
      setToken(s.token);
      await loadMe();
    },
    async signOut() {
      try {
        await api("POST", "/auth/logout");
      } catch {
        // Signing out locally is what matters; an expired session is already over.
      }
      setToken(null);
      setMe(null);
      navigate("/connexion");
    },
  }), [me]);

  const path = location.split("?")[0];
  const needsUser = !isPublic(path);
  useEffect(() => {
    if (me === null && needsUser) navigate(loginPath(location), { replace: true });
  }, [me, needsUser, location]);

  let page;
  if (needsUser && !me) page = <Loading />;
  else page = <div key={location}>{routePage(location)}</div>;

  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <Header me={me ?? null} organisationName={organisationName} />
      <main id="contenu" tabIndex={-1}>
        {page}
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>Charte — co-rédaction, signature et suivi de la charte départementale de prévention des expulsions locatives.</p>
          <p><a href="/verifier">Vérifier une charte signée</a></p>
        </div>
      </footer>
    </SessionContext.Provider>
  );
}

function isPublic(path: string): boolean {
  return path == "/connexion" || path.startsWith("/invitation/") || path == "/verifier" || path.startsWith("/chartes-publiques/");
}

function routePage(location: string) {
  const path = location.split("?")[0];
  let params: Record<string, string> | null;
  if (path == "/connexion") return <LoginPage />;
  if (path == "/verifier") return <VerifyPage query={location.slice(path.length)} />;
  if ((params = matchPath("/invitation/:token", path))) return <InvitationPage token={params.token} />;
  if ((params = matchPath("/chartes-publiques/:id", path))) return <PublicCharterPage charterId={params.id} />;
  if (path == "/" || path == "") return <ChartersPage />;
  if (path == "/chartes/nouvelle") return <NewCharterPage />;
  if ((params = matchPath("/chartes/:id/membres", path))) return <MembersPage charterId={params.id} />;
  if ((params = matchPath("/chartes/:id", path))) return <CharterPage charterId={params.id} />;
  return <NotFoundPage />;
}
