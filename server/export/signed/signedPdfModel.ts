import { createHash } from "node:crypto";
import type { Node as PMNode } from "prosemirror-model";
import type { CharterExportModel } from "../model.js";
import { canonicalJSON } from "../../domain/versions/canonical.js";

/**
 * What the signed PDF says besides the charter's text: who is to sign (one
 * block each), how to check it (the certificate page) and with which seal.
 */
export interface SignedPdfModel {
  charterId: string;
  roundId: string;
  text: CharterExportModel;
  /** The signatory organisations, in the order their blocks are laid out. */
  signatories: { id: string; name: string }[];
  /** The SHA-256 of each article, by clause id (see `clauseHash`). */
  clauseHashes: Map<string, string>;
  /** `${PUBLIC_URL}/verifier`. */
  verifyUrl: string;
  /** SHA-256 of the platform seal's certificate. */
  sealFingerprint: string;
}

/**
 * The hash of one article, so that it can be checked alone: the lowercase
 * hex SHA-256 of the UTF-8 canonical form (`canonicalJSON`, the very form
 * the version's content hash is computed from) of that clause node alone:
 * its id, heading, text and commitments with their organisations' ids. The
 * article's number is not in it (numbers follow from the order and are never
 * stored), so moving an article leaves its hash alone.
 */
export function clauseHash(clause: PMNode): string {
  return createHash("sha256").update(canonicalJSON(clause), "utf8").digest("hex");
}

/** The hash of every clause of a charter document, by clause id. */
export function clauseHashes(doc: PMNode): Map<string, string> {
  const hashes = new Map<string, string>();
  doc.descendants((node) => {
    if (node.type.name == "clause") {
      if (node.attrs.id) hashes.set(node.attrs.id, clauseHash(node));
      return false;
    }
    return true;
  });
  return hashes;
}
