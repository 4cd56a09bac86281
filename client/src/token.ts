/*
 * The session token, kept in localStorage so that a reload or a new tab stays
 * signed in until the token expires or the user signs out.
 */

const TOKEN_KEY = "charte.token";

/** The stored token, if any. */
export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled (privacy settings): then the session lasts as long as the page.
    return memoryToken;
  }
}

/** Stores the token, or forgets it with null. */
export function setToken(token: string | null): void {
  memoryToken = token;
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* see getToken */
  }
}

let memoryToken: string | null = null;
