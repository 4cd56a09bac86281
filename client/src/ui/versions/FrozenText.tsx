import "./frozenText.css";
import type { ComponentChildren } from "preact";
import type { NumberedEntry } from "../../../../server/shared/numbering.js";
import { api } from "../../api.js";
import { formatDateTime } from "../../format.js";
import type { Charter, Version } from "../../types.js";
import { CharterDocument } from "../CharterDocument.js";
import { ErrorAlert, Loading } from "../feedback.js";
import { useResource } from "../useResource.js";

/** `GET /api/charters/:id/frozen-version`. */
export interface FrozenVersion {
  version: Version;
  draftHash: string;
  draftDiffers: boolean;
}

/** What the frozen version is, as the charter's state says: put to approval, being signed, signed. */
const TEXT_HEADINGS: Partial<Record<Charter["state"], string>> = {
  frozen: "Texte soumis à l'approbation",
  signing: "Texte soumis à la signature",
  signed: "Texte signé",
  archived: "Texte signé",
};

/** Put before the frozen text's heading ids, apart from the live draft's (kept on the page, hidden). */
export const FROZEN_ANCHOR_PREFIX = "figee-";

/**
 * What everyone reads while a version is put to approval: that version,
 * read-only, under its number, label and content hash, so that signatories
 * examine exactly what they will sign. When the live draft has moved away
 * from it, it says so, and pilots and editors may open the draft on purpose.
 */
export function FrozenText(props: {
  charter: Charter;
  onEntries(entries: NumberedEntry[]): void;
  onOpenDraft?(): void;
  /** Laid over the text's frame (comment markers). */
  overlay?: ComponentChildren;
}) {
  const { charter } = props;
  const loaded = useResource(
    (signal) => api<FrozenVersion>("GET", `/charters/${encodeURIComponent(charter.id)}/frozen-version`, { signal }),
    [charter.id, charter.frozenVersionId],
  );
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!loaded.data) return <Loading label="Chargement de la version figée…" />;
  const { version, draftDiffers } = loaded.data;
  return (
    <div class="frozen-text">
      <div class="frozen-text-head">
        <h2 class="frozen-text-title" tabIndex={-1}>
          {TEXT_HEADINGS[charter.state] ?? TEXT_HEADINGS.frozen} : <span class="version-number">version V{version.number}</span> « {version.label} »
        </h2>
        <p class="frozen-text-meta">
          {version.author ? `Enregistrée le ${formatDateTime(version.createdAt)} par ${version.author.name}.` : `Enregistrée le ${formatDateTime(version.createdAt)}.`}{" "}
          Lecture seule.
        </p>
        <p class="frozen-text-hash">
          <span>Empreinte SHA-256 du texte :</span>{" "}
          <code>{version.hash}</code>
        </p>
        {draftDiffers && (
          <div class="alert alert-info frozen-draft-differs">
            <p>
              Le projet en cours diffère de cette version : il a été modifié ou restauré depuis qu'elle a été enregistrée. Seule la version
              ci-dessous est soumise à l'approbation.
            </p>
            {props.onOpenDraft && (
              <button type="button" class="button button-small button-secondary" onClick={props.onOpenDraft}>
                Ouvrir le projet en cours
              </button>
            )}
          </div>
        )}
      </div>
      <div class="document-frame">
        <CharterDocument
          document={version.document}
          organisations={charter.signatories ?? []}
          onEntries={props.onEntries}
          label={`Texte de la version V${version.number}, figée pour approbation`}
          anchorPrefix={FROZEN_ANCHOR_PREFIX}
        />
        {props.overlay}
      </div>
    </div>
  );
}
