import { formatDateTime } from "../../format.js";
import type { VersionSummary } from "../../types.js";
import { versionTitle } from "./versionNames.js";
import { CHECKPOINT_LABEL } from "../../../../server/shared/versionNames.js";

/** « automatique » and « figée » badges of a version. */
export function VersionBadges(props: { version: VersionSummary; frozen: boolean }) {
  return (
    <>
      {props.version.kind == "auto" && <span class="badge badge-auto">automatique</span>}
      {props.frozen && <span class="badge badge-frozen">figée</span>}
    </>
  );
}

/** What is said under a version's title: a named version's label; why a checkpoint was kept, if not the usual. */
export function versionSubtitle(version: VersionSummary): string | null {
  return version.kind == "named" || version.label != CHECKPOINT_LABEL ? version.label : null;
}

/** Who saved a version and when, in a line. */
export function versionByline(version: VersionSummary): string {
  // A checkpoint's title is its date already.
  if (version.kind == "auto") return version.checkpointReason == "restore" ? "Gardé avant une restauration" : "Pris quand la dernière personne a quitté la rédaction";
  const when = formatDateTime(version.createdAt);
  return version.author ? `${when} · ${version.author.name}` : when;
}

/**
 * The versions and automatic checkpoints, newest first; each a button that
 * shows it (the one shown is `aria-current`). Named by the « versions-title » heading.
 */
export function VersionList(props: { versions: VersionSummary[]; frozenVersionId: string | null; selected: string | null; onSelect(id: string): void }) {
  return (
    <ol class="version-list" aria-labelledby="versions-title">
      {props.versions.map((version) => (
        <li key={version.id}>
          <button
            type="button"
            class={"version-item" + (version.kind == "auto" ? " version-item-auto" : "")}
            aria-current={props.selected == version.id ? "true" : undefined}
            onClick={() => props.onSelect(version.id)}
          >
            <span class="version-item-top">
              <span class="version-number">{versionTitle(version)}</span>
              <VersionBadges version={version} frozen={version.id == props.frozenVersionId} />
            </span>
            {versionSubtitle(version) && <span class="version-label">{versionSubtitle(version)}</span>}
            <span class="version-meta">{versionByline(version)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
