import type { Me } from "../types.js";
import { useSession } from "./SessionContext.js";

/** The site header: the service's name and, when signed in, who is signed in. */
export function Header(props: { me: Me | null; organisationName: string | null }) {
  const { signOut } = useSession();
  const { me } = props;
  return (
    <header class="site-header">
      <div class="container site-header-inner">
        <a class="brand" href="/">
          <span class="brand-mark" aria-hidden="true" />
          <span class="brand-text">
            <span class="brand-name">Charte</span>
            <span class="brand-tagline">Prévention des expulsions locatives</span>
          </span>
        </a>
        {me && (
          <div class="account">
            <p class="account-who">
              <span class="account-name">{me.user.name}</span>
              {props.organisationName && <span class="account-org">{props.organisationName}</span>}
            </p>
            <button type="button" class="button button-secondary button-small" onClick={() => void signOut()}>
              Se déconnecter
            </button>
          </div>
        )}
      </div>
      {me && (
        <nav class="site-nav" aria-label="Navigation principale">
          <div class="container">
            <a href="/" aria-current={window.location.pathname == "/" ? "page" : undefined}>
              Mes chartes
            </a>
          </div>
        </nav>
      )}
    </header>
  );
}
