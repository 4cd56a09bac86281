import { getToken, setToken } from "./token.js";

/** An error answered by the API (`{error: {id, message, field?}}`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Options of one API call. */
export interface ApiOptions {
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Whether a 401 means the session is over (the default: the user is sent
   * back to the login page). Login and password checks set it to false, as
   * their 401 is an answer to show.
   */
  sessionCheck?: boolean;
}

let sessionExpired: () => void = () => {};

/** Sets what happens when the API says the session is missing or expired. */
export function onSessionExpired(handler: () => void): void {
  sessionExpired = handler;
}

/**
 * Calls the API with the session's bearer token and returns the parsed JSON
 * (undefined for 204). Throws `ApiError` with the server's French message.
 */
export async function api<T = unknown>(method: string, path: string, options: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch("/api" + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name == "AbortError") throw err;
    throw new ApiError(0, "network", "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.");
  }
  if (response.status == 204) return undefined as T;
  const body = await response.json().catch(() => null);
  if (response.ok) return body as T;
  throw failure(response, body, options.sessionCheck ?? true);
}

/** The `ApiError` of a refused call; a 401 ends the session unless `sessionCheck` is false. */
function failure(response: Response, body: { error?: Record<string, unknown> } | null, sessionCheck: boolean): ApiError {
  const error = body?.error;
  const apiError = new ApiError(
    response.status,
    typeof error?.id == "string" ? error.id : "http_" + response.status,
    typeof error?.message == "string" ? error.message : `Erreur inattendue du serveur (${response.status}).`,
    typeof error?.field == "string" ? error.field : undefined,
  );
  if (response.status == 401 && sessionCheck) {
    setToken(null);
    sessionExpired();
  }
  return apiError;
}

/**
 * Fetches a file the API answers with (an export), with the session's token
 * as `api` does, and returns its bytes and its name from `Content-Disposition`.
 */
export async function apiFile(path: string, options: { signal?: AbortSignal } = {}): Promise<{ blob: Blob; filename: string | null }> {
  const token = getToken();
  let response: Response;
  try {
    response = await fetch("/api" + path, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: options.signal });
  } catch (err) {
    if ((err as Error).name == "AbortError") throw err;
    throw new ApiError(0, "network", "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.");
  }
  if (!response.ok) throw failure(response, await response.json().catch(() => null), true);
  return { blob: await response.blob(), filename: dispositionFilename(response.headers.get("content-disposition")) };
}

/** The file name of a `Content-Disposition` header: its UTF-8 `filename*`, else its `filename`. */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // A malformed escape: the ASCII name below will do.
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? null;
}

/** The error as an `ApiError`, for showing any failure the same way. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, "client", "Une erreur inattendue s'est produite. Rechargez la page puis réessayez.");
}
