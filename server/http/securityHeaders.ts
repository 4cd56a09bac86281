import helmet from "helmet";
import type { Config } from "../config.js";

/**
 * The security headers of every response (helmet), API and client alike:
 *
 * - a Content Security Policy under which only the built client's own files
 *   run: scripts and stylesheets from this origin, no inline script or style,
 *   no eval; `connect-src 'self'` covers the API and the collaboration
 *   WebSocket on the same host (CSP 3 matches ws:/wss: to 'self'). Colours set
 *   from script go through the CSSOM (`el.style.x = …`, as Preact and
 *   ProseMirror do), which a CSP does not block; a `style="…"` attribute set
 *   with setAttribute would be (test/e2e/csp.test.ts watches for it);
 * - no framing by any site (`frame-ancestors 'none'`, and X-Frame-Options for
 *   older browsers), `nosniff`;
 * - `Referrer-Policy: no-referrer`: invitation tokens are in URL paths, and
 *   must not leak to a site a link in the app leads to;
 * - HSTS only when the public URL is https: sent over plain http to
 *   localhost it would break development on that host name for a year.
 */
export function securityHeaders(config: Config) {
  const https = config.publicUrl.startsWith("https:");
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'"],
        // The favicon is a data: URL in index.html.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
  });
}
