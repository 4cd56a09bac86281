import { createHash } from "node:crypto";

/**
 * The canonical form of an audit entry, whose SHA-256 is the entry's hash
 * (see « Journal d'audit chaîné » in the README). Each charter has its own
 * chain, and entries about no charter (logins, users, organisations) form
 * the platform's chain: a charter's evidence file can print its chain's head
 * and be checked without anyone else's entries.
 *
 * This module is imported by the migration that chained the existing
 * entries: change the form only by adding a new version of it.
 */

/** The `prev_hash` of a chain's first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** The name of the chain of entries about no charter. */
export const PLATFORM_CHAIN = "platform";

/** The first element of the canonical array: which form this is. */
export const CANONICAL_FORM_VERSION = "charte-audit/1";

/** The fields an entry's hash covers, as stored. */
export interface ChainedFields {
  seq: number;
  prev_hash: string;
  at: string;
  actor_id: string | null;
  charter_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** JSON text, or null. */
  details: string | null;
  ip: string | null;
}

/** The chain an entry belongs to. */
export const chainOf = (charterId: string | null): string => charterId ?? PLATFORM_CHAIN;

/**
 * JSON with every object's keys sorted (by UTF-16 code units, as RFC 8785),
 * no whitespace, strings and numbers as `JSON.stringify` writes them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value != "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The canonical text of an entry: a JSON array of its fields in a fixed order, `details` as canonical JSON. */
export function canonicalEntry(e: ChainedFields): string {
  const details = e.details == null ? null : JSON.parse(e.details);
  const fields = [CANONICAL_FORM_VERSION, Number(e.seq), e.prev_hash, e.at, e.actor_id, e.charter_id, e.action, e.subject_type, e.subject_id, details, e.ip];
  return canonicalJson(fields);
}

/** The entry's hash: SHA-256 of its canonical text in UTF-8, lowercase hex. */
export function entryHash(e: ChainedFields): string {
  return createHash("sha256").update(canonicalEntry(e), "utf8").digest("hex");
}
