import { useState } from "preact/hooks";
import { apiFile, asApiError, type ApiError } from "../../api.js";
import { ErrorAlert } from "../feedback.js";
import { saveBlob } from "../exports/DownloadMenu.js";
import type { Campaign } from "./types.js";
import "./reportDownloads.css";

const FORMATS = [
  { extension: "pdf", label: "PDF" },
  { extension: "xlsx", label: "Excel" },
  { extension: "csv", label: "CSV" },
] as const;

/**
 * The yearly evaluation report of a campaign, to download (every member):
 * a « projet » until the campaign is closed, then what the committee arrested.
 */
export function ReportDownloads(props: { charterId: string; campaign: Campaign }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  async function download(extension: string) {
    setError(null);
    setBusy(true);
    try {
      const { blob, filename } = await apiFile(`/charters/${encodeURIComponent(props.charterId)}/campaigns/${encodeURIComponent(props.campaign.id)}/report.${extension}`);
      const name = filename ?? `rapport-evaluation.${extension}`;
      saveBlob(blob, name);
      setDone(`Téléchargement de « ${name} » lancé.`);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="report-downloads">
      <p class="report-downloads-title" id="report-downloads-title">
        Rapport d'évaluation « {props.campaign.label} »{props.campaign.state == "closed" ? "" : " (projet tant que la campagne n'est pas close)"} :
      </p>
      <ul aria-labelledby="report-downloads-title">
        {FORMATS.map((f) => (
          <li key={f.extension}>
            <button type="button" class="button button-small button-secondary" disabled={busy} onClick={() => download(f.extension)}>
              {f.label}<span class="visually-hidden"> : rapport d'évaluation {props.campaign.label}</span>
            </button>
          </li>
        ))}
      </ul>
      <p class="visually-hidden" role="status">{done}</p>
      <ErrorAlert error={error} />
    </div>
  );
}
