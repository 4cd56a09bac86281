import { DEMO_PASSWORD } from "../../db/seeds/demo.js";

/** Calls a Charte API at a base URL; `token` adds the Authorization header. Answers are parsed as JSON when they are. */
export type ApiCall = (method: string, path: string, options?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }) => Promise<{ status: number; body: any }>;

/** The API of the Charte at `url`, over real HTTP. */
export function apiAt(url: string): ApiCall {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    } else if (body !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body: parsed };
  };
}

/** Logs in through `api` and returns the token; throws on refusal. */
export async function loginWith(api: ApiCall, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await api("POST", "/api/auth/login", { body: { email, password } });
  if (res.status != 200) throw new Error(`Login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}
