import { useState } from "preact/hooks";
import { api } from "../../api.js";
import type { Charter, VersionSummary } from "../../types.js";
import { ConfirmDialog } from "../ConfirmDialog.js";
import { theVersion, versionTitle } from "./versionNames.js";

/**
 * Says why the text cannot be edited while a version is frozen for
 * approval, which version it is, and lets pilots reopen drafting.
 */
export function FreezeBanner(props: {
  charter: Charter;
  /** The frozen version, once the versions are loaded. */
  version: VersionSummary | null;
  onShowVersion(versionId: string): void;
  onReopened(): void;
}) {
  const { charter, version } = props;
  const [confirming, setConfirming] = useState(false);
  const canReopen = !!charter.abilities["charter:reopen"];
  const which = version ? theVersion(version, true) : "la version figée";
  return (
    <>
      <div class="alert alert-warning freeze-banner">
        <div class="freeze-banner-text">
          <p class="freeze-banner-title">
            {version ? `${versionTitle(version)} figée` : "Version figée"} pour approbation : la rédaction est suspendue
          </p>
          <p>
            Les signataires examinent {which} ; le texte ne peut plus être modifié
            {canReopen ? " tant que vous n'avez pas rouvert la rédaction." : " jusqu'à ce qu'un pilote rouvre la rédaction."} Les commentaires
            restent ouverts.
          </p>
        </div>
        <div class="freeze-banner-actions">
          {version && (
            <button type="button" class="button button-small button-secondary" onClick={() => props.onShowVersion(version.id)}>
              Consulter la version figée
            </button>
          )}
          {canReopen && (
            <button type="button" class="button button-small" onClick={() => setConfirming(true)}>
              Rouvrir la rédaction
            </button>
          )}
        </div>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Rouvrir la rédaction ?"
          confirmLabel="Rouvrir la rédaction"
          onConfirm={() => api("POST", `/charters/${encodeURIComponent(charter.id)}/reopen`).then(() => {})}
          onClose={() => setConfirming(false)}
          onDone={props.onReopened}
        >
          <p>
            Les pilotes et les rédacteurs pourront de nouveau modifier le texte. L'approbation de {which} est interrompue ; cette version
            reste dans l'historique et pourra être figée à nouveau.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
