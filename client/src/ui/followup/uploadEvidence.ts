import { api, ApiError } from "../../api.js";
import { getToken } from "../../token.js";

/** What the server answers for stored evidence. */
export interface StoredEvidence {
  id: string;
  kind: "file" | "link";
  filename: string | null;
  title: string | null;
  sha256: string | null;
  size: number | null;
  url: string | null;
}

/**
 * Uploads one evidence file as `multipart/form-data` (the JSON `api` helper
 * sends JSON only), with the session's token; throws `ApiError` with the
 * server's French message when refused.
 */
export async function uploadEvidence(charterId: string, campaignId: string, file: File, title: string): Promise<StoredEvidence> {
  const form = new FormData();
  if (title) form.append("title", title);
  form.append("file", file, file.name);
  const headers: Record<string, string> = { accept: "application/json" };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`/api/charters/${encodeURIComponent(charterId)}/campaigns/${encodeURIComponent(campaignId)}/evidence`, { method: "POST", headers, body: form });
  } catch {
    throw new ApiError(0, "network", "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.");
  }
  const body = await response.json().catch(() => null);
  if (response.ok) return body.evidence as StoredEvidence;
  const error = body?.error ?? {};
  throw new ApiError(response.status, error.id ?? `http_${response.status}`, error.message ?? `Erreur inattendue du serveur (${response.status}).`, error.field);
}

/** Adds a link as evidence (https only; the server checks it). */
export async function addEvidenceLink(charterId: string, campaignId: string, url: string): Promise<StoredEvidence> {
  const answer = await api<{ evidence: StoredEvidence }>("POST", `/charters/${encodeURIComponent(charterId)}/campaigns/${encodeURIComponent(campaignId)}/evidence`, { body: { url } });
  return answer.evidence;
}
