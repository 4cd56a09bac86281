import { ApiError } from "../../api.js";
import { getToken } from "../../token.js";

/** A refused cell of an imported file, as the server reports it. */
export interface ImportProblem {
  line: number;
  column: string;
  message: string;
}

/** A refused import: the server's message and, for a file with bad rows, one problem per cell. */
export class ImportError extends ApiError {
  constructor(status: number, id: string, message: string, readonly problems: ImportProblem[]) {
    super(status, id, message, "file");
  }
}

/**
 * Sends a CSV file of indicator values as it is (`text/csv`: the server
 * checks that it is UTF-8, which reading it here as text would hide), with
 * the session's token. Resolves to the number of values imported; throws an
 * `ImportError` with every problem when the file is refused.
 */
export async function importIndicatorValues(charterId: string, file: File): Promise<number> {
  const headers: Record<string, string> = { accept: "application/json", "content-type": "text/csv" };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`/api/charters/${encodeURIComponent(charterId)}/indicators/import`, { method: "POST", headers, body: file });
  } catch {
    throw new ApiError(0, "network", "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.");
  }
  const body = await response.json().catch(() => null);
  if (response.ok) return body.imported as number;
  const error = body?.error ?? {};
  throw new ImportError(response.status, error.id ?? `http_${response.status}`, error.message ?? `Erreur inattendue du serveur (${response.status}).`, Array.isArray(body?.errors) ? body.errors : []);
}
