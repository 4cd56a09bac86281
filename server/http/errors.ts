/**
 * An error meant for the API's caller: an HTTP status, a stable
 * machine-readable id, and a French message the UI can show as it is.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }

  /** Seconds after which the caller may try again, sent as `Retry-After` (429, 503). */
  retryAfter?: number;

  /** More for the caller to act on, sent inside `error` (e.g. the placeholders a freeze would keep). */
  details?: Record<string, unknown>;

  toJSON() {
    return { error: { ...this.details, id: this.id, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export const badRequest = (id: string, message: string, field?: string) => new HttpError(400, id, message, field);
export const invalidField = (field: string, message: string) => new HttpError(400, "invalid_input", message, field);
export const unauthorized = (message = "Veuillez vous connecter.") => new HttpError(401, "unauthorized", message);
export const forbidden = (message = "Vous n'avez pas le droit de faire cela.") => new HttpError(403, "forbidden", message);
export const notFound = (what: string) => new HttpError(404, "not_found", `${what} introuvable.`);
export const conflict = (id: string, message: string) => new HttpError(409, id, message);
export const gone = (id: string, message: string) => new HttpError(410, id, message);
export const tooLarge = (limit: number) => new HttpError(413, "payload_too_large", `La requête dépasse la taille maximale autorisée (${Math.round(limit / 1024)} Ko).`);
export const tooManyRequests = (message: string, retryAfter?: number) => Object.assign(new HttpError(429, "too_many_requests", message), { retryAfter });
export const serverBusy = (message: string, retryAfter: number) => Object.assign(new HttpError(503, "server_busy", message), { retryAfter });
