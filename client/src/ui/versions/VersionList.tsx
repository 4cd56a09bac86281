import { formatDateTime } from "../../format.js";
import type { VersionSummary } from "../../types.js";

/** « automatique » and « figée » badges of a version. */
export function VersionBadges(props: { version: VersionSummary; frozen: boolean }) {
  return (
    <>
      {props.version.kind == "auto" && <span class="badge badge-auto">automatique</span>}
      {props.frozen && <span class="badge badge-frozen">figée</span>}
    </>
  );
}

/** Who saved a version and when, in a line. */
export function versionByline(version: VersionSummary): string {
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
              <span class="version-number">Version {version.number}</span>
              <VersionBadges version={version} frozen={version.id == props.frozenVersionId} />
            </span>
            <span class="version-label">{version.label}</span>
            <span class="version-meta">{versionByline(version)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
