import { CLOSE_CODES } from "../../../server/shared/collab.js";
import { api } from "../api.js";
import type { CollabSession } from "../collab/session.js";

/** Why the server ended the session, and what the user can do about it. */
export function ClosedBanner(props: { code: number; message: string; session: CollabSession | null }) {
  let action;
  if (props.code == CLOSE_CODES.unauthorized) {
    action = (
      <button
        type="button"
        class="button button-small"
        // The API answers 401 too, which signs out and opens the login page with the way back here.
        onClick={() => void api("GET", "/auth/me").then(() => location.reload(), () => {})}
      >
        Se reconnecter
      </button>
    );
  } else if (props.code == CLOSE_CODES.forbidden || props.code == CLOSE_CODES.notFound) {
    action = (
      <a class="button button-small button-secondary" href="/">
        Retour à mes chartes
      </a>
    );
  } else {
    action = (
      <button
        type="button"
        class="button button-small"
        onClick={async () => {
          // The refused edit is in this device's copy: reloading it would send it again.
          await props.session?.discardLocalCopy();
          location.reload();
        }}
      >
        Recharger la charte
      </button>
    );
  }
  const unauthorized = props.code == CLOSE_CODES.unauthorized;
  return (
    <div class="alert alert-error closed-banner" role="alert">
      <p>{props.message}</p>
      {unauthorized && <p>Vos modifications sont conservées sur cet appareil et seront envoyées après la reconnexion.</p>}
      {!unauthorized && props.code != CLOSE_CODES.forbidden && props.code != CLOSE_CODES.notFound && (
        <p>Rechargez la charte pour reprendre à partir du texte enregistré ; les modifications non enregistrées de cet appareil seront perdues.</p>
      )}
      <p class="closed-banner-action">{action}</p>
    </div>
  );
}
