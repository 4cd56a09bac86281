import { useState } from "preact/hooks";
import { apiFile, asApiError, type ApiError } from "../../api.js";
import { ErrorAlert } from "../feedback.js";
import { saveBlob } from "../exports/DownloadMenu.js";

/** A file of the signature the server makes: the signed PDF, the evidence file. */
interface SignedFile {
  path: string;
  label: string;
  fallbackName: string;
}

/**
 * Downloads of what signing produces, once there is a first signature: the
 * PDF as signed so far (or signed), and the evidence file as PDF and JSON.
 */
export function SignedFiles(props: { charterId: string; files: SignedFile[] }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState("");
  async function download(file: SignedFile) {
    setError(null);
    try {
      const { blob, filename } = await apiFile(`/charters/${encodeURIComponent(props.charterId)}/${file.path}`);
      const name = filename ?? file.fallbackName;
      saveBlob(blob, name);
      setDone(`Téléchargement de « ${name} » lancé.`);
    } catch (err) {
      setError(asApiError(err));
    }
  }
  return (
    <div class="signed-files">
      <h3 class="signed-files-title">Documents de la signature</h3>
      <ul>
        {props.files.map((file) => (
          <li key={file.path}>
            <button type="button" class="button button-small button-secondary" onClick={() => download(file)}>
              {file.label}
            </button>
          </li>
        ))}
      </ul>
      <p class="visually-hidden" role="status">
        {done}
      </p>
      <ErrorAlert error={error} />
    </div>
  );
}
