import { useState } from "preact/hooks";
import { apiFile, asApiError, type ApiError } from "../../api.js";
import { saveBlob } from "../exports/DownloadMenu.js";
import { ErrorAlert } from "../feedback.js";
import type { Evidence } from "./types.js";

/** A size in the French way: « 12 Ko », « 1,4 Mo ». */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / 1024 / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}

/**
 * The evidence of a declaration: files are downloaded with the session's
 * token (a plain link would not carry it), links open in a new tab.
 */
export function EvidenceList(props: { charterId: string; campaignId: string; evidence: Evidence[] }) {
  const [error, setError] = useState<ApiError | null>(null);
  if (!props.evidence.length) return <p class="evidence-none">Aucune pièce justificative.</p>;

  async function download(item: Evidence) {
    setError(null);
    try {
      const { blob, filename } = await apiFile(`/charters/${encodeURIComponent(props.charterId)}/campaigns/${encodeURIComponent(props.campaignId)}/evidence/${encodeURIComponent(item.id)}`);
      saveBlob(blob, filename ?? item.filename ?? "piece");
    } catch (err) {
      setError(asApiError(err));
    }
  }

  return (
    <>
      <ul class="evidence-list">
        {props.evidence.map((item) => (
          <li>
            {item.kind == "link" && item.url ? (
              <a href={item.url} target="_blank" rel="noopener noreferrer">
                {item.title || item.url}
                <span class="visually-hidden"> (lien externe, nouvelle fenêtre)</span>
              </a>
            ) : (
              <button type="button" class="button button-small button-secondary" onClick={() => download(item)}>
                Télécharger « {item.filename ?? item.title ?? "pièce"} »{item.size != null && ` (${formatSize(item.size)})`}
              </button>
            )}
            {item.sha256 && <span class="evidence-hash" title="Empreinte SHA-256 du fichier déposé">SHA-256 {item.sha256.slice(0, 12)}…</span>}
          </li>
        ))}
      </ul>
      <ErrorAlert error={error} />
    </>
  );
}
