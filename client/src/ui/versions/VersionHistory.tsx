import { useState } from "preact/hooks";
import type { Charter, Version, VersionList as Versions } from "../../types.js";
import { ErrorAlert, Loading } from "../feedback.js";
import type { Resource } from "../useResource.js";
import { SaveVersionForm } from "./SaveVersionForm.js";
import { VersionDetail } from "./VersionDetail.js";
import { VersionList } from "./VersionList.js";
import { theVersion } from "./versionNames.js";

/**
 * « Historique »: saving a version, the versions and automatic checkpoints,
 * and the one chosen shown read-only with what can be done with it.
 */
export function VersionHistory(props: {
  charter: Charter;
  versions: Resource<Versions>;
  selected: string | null;
  onSelect(versionId: string): void;
  whenStored(): Promise<void>;
  onCompare(versionId: string): void;
  /** A version was saved here: the list is to be loaded again (here and for the others). */
  onSaved(): void;
  onRestored(version: Version): void;
  onFrozen(version: Version): void;
}) {
  const { charter, versions } = props;
  // Checkpoints are hidden unless asked for: the named versions are what people look for.
  const [showAuto, setShowAuto] = useState(false);
  const [restored, setRestored] = useState<Version | null>(null);
  const list = versions.data?.versions ?? [];
  const shown = showAuto ? list : list.filter((v) => v.kind == "named" || v.id == props.selected);
  const autoCount = list.filter((v) => v.kind == "auto").length;

  return (
    <div class="history-layout">
      <div class="history-side">
        {charter.abilities["versions:create"] && (
          <SaveVersionForm
            charterId={charter.id}
            whenStored={props.whenStored}
            onSaved={(version) => {
              props.onSaved();
              props.onSelect(version.id);
            }}
          />
        )}
        <h2 class="aside-title" id="versions-title">
          Versions enregistrées
        </h2>
        <ErrorAlert error={versions.error} />
        {!versions.data && !versions.error && <Loading label="Chargement des versions…" />}
        {versions.data && list.length == 0 && (
          <p class="comments-empty">
            Aucune version pour le moment.
            {charter.abilities["versions:create"] && " Enregistrez-en une pour pouvoir y revenir, la comparer ou la soumettre à l'approbation."}
          </p>
        )}
        {autoCount > 0 && (
          <p class="checkbox-line">
            <input id="versions-auto" type="checkbox" checked={showAuto} onChange={(e) => setShowAuto(e.currentTarget.checked)} />
            <label for="versions-auto">Afficher les points de sauvegarde automatiques ({autoCount})</label>
          </p>
        )}
        {shown.length > 0 && (
          <VersionList versions={shown} frozenVersionId={versions.data?.frozenVersionId ?? null} selected={props.selected} onSelect={props.onSelect} />
        )}
      </div>
      <div class="history-main">
        <div role="status">
          {restored && (
            <div class="alert alert-success">
              <p>
                Le projet en cours est maintenant identique à {theVersion(restored, true)}. Tous les participants voient le texte restauré.
              </p>
            </div>
          )}
        </div>
        {props.selected ? (
          <VersionDetail
            key={props.selected}
            charter={charter}
            versionId={props.selected}
            whenStored={props.whenStored}
            onCompare={props.onCompare}
            onRestored={(version) => {
              setRestored(version);
              props.onRestored(version);
            }}
            onFrozen={props.onFrozen}
          />
        ) : (
          list.length > 0 && <p class="history-hint">Choisissez une version dans la liste pour {hintActions(charter)}.</p>
        )}
      </div>
    </div>
  );
}

/** What can be done with a version, as the hint says it: « la consulter, la comparer… ». */
function hintActions(charter: Charter): string {
  const actions = ["la consulter", "la comparer avec le projet en cours"];
  if (charter.abilities["versions:restore"]) actions.push("la restaurer");
  if (charter.abilities["charter:freeze"]) actions.push("la figer pour approbation");
  return actions.slice(0, -1).join(", ") + " ou " + actions[actions.length - 1];
}
