import { createSecretKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";

// jsonwebtoken turns a string secret into a key on every call, trying it as a
// PEM public key first (a thrown error each time): one key per secret, made once.
const keys = new Map<string, KeyObject>();
const keyOf = (secret: string) => {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, "utf8"))));
  return key;
};

/** What an access token says. */
export interface TokenClaims {
  /** The user's id. */
  sub: string;
  /** The session's id, so that logout can revoke the token. */
  sid: string;
}

/** Signs an access token that expires after `ttlSeconds`. */
export function signAccessToken(claims: TokenClaims, secret: string, ttlSeconds: number): string {
  return jwt.sign({ sid: claims.sid }, keyOf(secret), { subject: claims.sub, expiresIn: ttlSeconds, algorithm: "HS256", issuer: "charte" });
}

/** Verifies an access token; null if it is malformed, badly signed or expired. */
export function verifyAccessToken(token: string, secret: string): TokenClaims | null {
  try {
    const payload = jwt.verify(token, keyOf(secret), { algorithms: ["HS256"], issuer: "charte" });
    if (typeof payload == "string" || typeof payload.sub != "string" || typeof payload.sid != "string") return null;
    return { sub: payload.sub, sid: payload.sid };
  } catch {
    return null;
  }
}
