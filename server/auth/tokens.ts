import jwt from "jsonwebtoken";

/** What an access token says. */
export interface TokenClaims {
  /** The user's id. */
  sub: string;
  /** The session's id, so that logout can revoke the token. */
  sid: string;
}

/** Signs an access token that expires after `ttlSeconds`. */
export function signAccessToken(claims: TokenClaims, secret: string, ttlSeconds: number): string {
  return jwt.sign({ sid: claims.sid }, secret, { subject: claims.sub, expiresIn: ttlSeconds, algorithm: "HS256", issuer: "charte" });
}

/** Verifies an access token; null if it is malformed, badly signed or expired. */
export function verifyAccessToken(token: string, secret: string): TokenClaims | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ["HS256"], issuer: "charte" });
    if (typeof payload == "string" || typeof payload.sub != "string" || typeof payload.sid != "string") return null;
    return { sub: payload.sub, sid: payload.sid };
  } catch {
    return null;
  }
}
