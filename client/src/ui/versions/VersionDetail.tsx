import { useState } from "preact/hooks";
import { api } from "../../api.js";
import { formatDateTime } from "../../format.js";
import type { Charter, Version } from "../../types.js";
import { CharterDocument } from "../CharterDocument.js";
import { ConfirmDialog } from "../ConfirmDialog.js";
import { ErrorAlert, Loading } from "../feedback.js";
import { useResource } from "../useResource.js";
import { VersionBadges, versionSubtitle } from "./VersionList.js";
import { DownloadMenu } from "../exports/DownloadMenu.js";
import { FreezeDialog } from "./FreezeDialog.js";
import { ofTheVersion, theVersion, versionTitle } from "./versionNames.js";

type Confirming = "restore" | "freeze" | null;

/**
 * One version shown read-only, numbered, with its commitments, and what can
 * be done with it: compare it with the live text, restore it (pilots), freeze
 * it for approval (pilots). Restoring and freezing are confirmed first.
 */
export function VersionDetail(props: {
  charter: Charter;
  versionId: string;
  onCompare(versionId: string): void;
  /** Waits for the user's last edits to be stored. */
  whenStored(): Promise<void>;
  onRestored(version: Version): void;
  onFrozen(version: Version): void;
}) {
  const { charter } = props;
  const base = `/charters/${encodeURIComponent(charter.id)}`;
  const loaded = useResource(
    (signal) => api<{ version: Version }>("GET", `${base}/versions/${encodeURIComponent(props.versionId)}`, { signal }).then((r) => r.version),
    [charter.id, props.versionId],
  );
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [keepCurrent, setKeepCurrent] = useState(true);

  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  // While another version loads, the previous one stays until it is there.
  const version = loaded.data;
  if (!version) return <Loading label="Chargement de la version…" />;

  const frozen = charter.frozenVersionId == version.id;
  const canSave = !!charter.abilities["versions:create"];
    return (
    <div class="version-detail">
      <div class="version-detail-head">
        <div>
          <h2 class="version-detail-title">
            <span class="version-number">{versionTitle(version)}</span> {versionSubtitle(version)}
          </h2>
          <p class="version-detail-meta">
            <VersionBadges version={version} frozen={frozen} />{" "}
            {version.author
              ? `Enregistrée le ${formatDateTime(version.createdAt)} par ${version.author.name}`
              : `Point de sauvegarde pris automatiquement le ${formatDateTime(version.createdAt)}`}
          </p>
        </div>
        <div class="version-actions">
          <DownloadMenu charterId={charter.id} version={version.id} what={`la version ${version.number}`} />
          <button type="button" class="button button-small button-secondary" onClick={() => props.onCompare(version.id)}>
            Comparer avec le projet en cours
          </button>
          {charter.abilities["versions:restore"] && (
            <button type="button" class="button button-small button-secondary" onClick={() => setConfirming("restore")}>
              Restaurer
            </button>
          )}
          {charter.abilities["charter:freeze"] && (
            <button type="button" class="button button-small" onClick={() => setConfirming("freeze")}>
              Figer pour approbation
            </button>
          )}
        </div>
      </div>
      <CharterDocument
        document={version.document}
        organisations={charter.signatories ?? []}
        label={`Texte ${ofTheVersion(version)}, en lecture seule`}
        anchorPrefix="version-"
      />
      {confirming == "restore" && (
        <ConfirmDialog
          title={`Restaurer ${theVersion(version)} ?`}
          confirmLabel="Restaurer cette version"
          danger
          onConfirm={async () => {
            if (keepCurrent && canSave) {
              await props.whenStored();
              await api("POST", `${base}/versions`, { body: { label: `Avant la restauration ${ofTheVersion(version)}` } });
            }
            await api("POST", `${base}/versions/${encodeURIComponent(version.id)}/restore`);
          }}
          onClose={() => setConfirming(null)}
          onDone={() => props.onRestored(version)}
        >
          <p>
            Le projet en cours deviendra identique à {theVersion(version, true)}. Toutes les personnes qui rédigent verront le changement
            immédiatement.
          </p>
          {canSave ? (
            <p class="checkbox-line">
              <input id="restore-keep" type="checkbox" checked={keepCurrent} onChange={(e) => setKeepCurrent(e.currentTarget.checked)} />
              <label for="restore-keep">
                Enregistrer d'abord le projet en cours comme version (« Avant la restauration {ofTheVersion(version)} »), pour pouvoir y revenir
              </label>
            </p>
          ) : (
            <p>Le texte actuel sera remplacé ; seules les versions enregistrées peuvent être restaurées ensuite.</p>
          )}
        </ConfirmDialog>
      )}
      {confirming == "freeze" && (
        <FreezeDialog charter={charter} version={version} onClose={() => setConfirming(null)} onDone={() => props.onFrozen(version)} />
      )}
    </div>
  );
}
