import { createHash, createPublicKey, verify as cryptoVerify } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/*
 * Checks the PDF signatures of a file without trusting anything in it but
 * the bytes: finds each signature dictionary's /ByteRange and /Contents,
 * checks that the ranges are well formed (they start the file, skip exactly
 * the /Contents hex string, stay inside it) and that the last one reaches
 * the file's end (else something was appended after the last signature, which
 * every signature would still call "valid"), verifies each CMS SignedData over
 * its ranges, and requires every signer's certificate to be one it pins.
 * It reads, never writes; @libpdf/core does not verify (its README says so).
 */

/** Why a file is not an intact signed charter. */
export type VerificationFailure = "not_signed_charter" | "altered" | "appended" | "unknown_key";

/** The reason, in French, as the verification page and `npm run verify` say it. */
export const FAILURE_MESSAGES: Record<VerificationFailure, string> = {
  not_signed_charter: "Ce fichier n'est pas une charte signée sur cette plateforme : il ne porte pas de signature de la plateforme pour une version de charte.",
  altered: "Le fichier a été modifié après sa signature : son contenu ne correspond plus à ce qui a été signé.",
  appended: "Du contenu a été ajouté après la dernière signature : le fichier n'est plus celui qui a été signé.",
  unknown_key: "Clé inconnue : une signature de ce fichier n'a pas été faite avec le cachet de cette plateforme.",
};

/** One PDF signature of the file, as read from it. */
export interface FoundSignature {
  /** Its /Reason (see `signatureReason`). */
  reason: string | null;
  /** The signing time the CMS claims (ISO), and the RFC 3161 time if timestamped. */
  signingTime: string | null;
  timestampTime: string | null;
  /** SHA-256 of the signer's certificate. */
  certificateSha256: string | null;
  /** How much of the file it covers, in bytes. */
  covers: number;
  /** Whether its CMS verifies over its byte ranges. */
  intact: boolean;
}

export interface PdfVerification {
  valid: boolean;
  reason?: VerificationFailure;
  /** The reason, in French. */
  message?: string;
  charterId: string | null;
  versionNumber: number | null;
  versionHash: string | null;
  signatures: FoundSignature[];
}


/** Verifies the signatures of `pdf` against the pinned certificate fingerprints (SHA-256, hex). */
export async function verifyPdfSignatures(pdf: Uint8Array, trustedCertificates: string[]): Promise<PdfVerification> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = bytes.toString("latin1");
  const found = findSignatureDictionaries(text, bytes.length);
  const result: PdfVerification = { valid: false, charterId: null, versionNumber: null, versionHash: null, signatures: [] };
  const fail = (reason: VerificationFailure) => ({ ...result, valid: false, reason, message: FAILURE_MESSAGES[reason] });
  if (!found.length) return fail("not_signed_charter");

  let malformed = false;
  for (const dict of found) {
    const signature: FoundSignature = { reason: dict.reason, signingTime: null, timestampTime: null, certificateSha256: null, covers: 0, intact: false };
    result.signatures.push(signature);
    const range = dict.byteRange;
    if (!range || !wellFormed(range, bytes, text)) {
      malformed = true;
      continue;
    }
    signature.covers = range[2] + range[3];
    const cms = Buffer.from(text.slice(range[1] + 1, range[2] - 1).replace(/\s+/g, ""), "hex");
    const signed = Buffer.concat([bytes.subarray(range[0], range[1]), bytes.subarray(range[2], range[2] + range[3])]);
    Object.assign(signature, await checkCms(cms, signed));
  }
  result.signatures.sort((a, b) => a.covers - b.covers);
  const last = result.signatures.at(-1)!;
  const marker = /charte ([0-9a-f-]{36}) - version (\d+|\?) - empreinte sha256:([0-9a-f]{64})/.exec(last.reason ?? "");
  if (marker) Object.assign(result, { charterId: marker[1], versionNumber: marker[2] == "?" ? null : Number(marker[2]), versionHash: marker[3] });

  if (malformed || result.signatures.some((s) => !s.intact)) return fail("altered");
  if (result.signatures.some((s) => !s.certificateSha256 || !trustedCertificates.includes(s.certificateSha256))) return fail("unknown_key");
  if (last.covers != bytes.length) return fail("appended");
  if (!marker) return fail("not_signed_charter");
  return { ...result, valid: true };
}

interface SignatureDictionary {
  byteRange: number[] | null;
  reason: string | null;
}

/** Every dictionary with a /ByteRange: signatures and document timestamps. */
function findSignatureDictionaries(text: string, length: number): SignatureDictionary[] {
  const found: SignatureDictionary[] = [];
  const pattern = /\/ByteRange\s*\[([^\]]*)\]/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const numbers = match[1].trim().split(/\s+/).map(Number);
    const byteRange = numbers.length == 4 && numbers.every((n) => Number.isSafeInteger(n) && n >= 0 && n <= length) ? numbers : null;
    const start = Math.max(text.lastIndexOf(" obj", match.index), 0);
    const end = text.indexOf("endobj", match.index);
    const object = text.slice(start, end < 0 ? undefined : end);
    found.push({ byteRange, reason: readStringEntry(object, "Reason") });
  }
  return found;
}

/** Ranges [0, a] and [b, c]: the file's start, and the gap exactly one hex string `<…>`. */
function wellFormed([start, firstLength, secondStart, secondLength]: number[], bytes: Buffer, text: string): boolean {
  if (start != 0 || firstLength < 1 || secondStart <= firstLength || secondStart + secondLength > bytes.length) return false;
  if (text[firstLength] != "<" || text[secondStart - 1] != ">") return false;
  return /^[0-9a-fA-F\s]*$/.test(text.slice(firstLength + 1, secondStart - 1));
}

const DIGESTS: Record<string, string> = { "2.16.840.1.101.3.4.2.1": "sha256", "2.16.840.1.101.3.4.2.2": "sha384", "2.16.840.1.101.3.4.2.3": "sha512" };

/**
 * Checks one CMS SignedData over the signed bytes, as CAdES has it: the
 * messageDigest attribute is the digest of the bytes, and the signature over
 * the DER of the signed attributes verifies with the signer certificate's key.
 * (Done with node:crypto: pkijs's `SignedData.verify` cannot import an
 * `rsaEncryption` key for this in the version installed.)
 */
async function checkCms(cms: Buffer, signed: Buffer): Promise<Partial<FoundSignature>> {
  try {
    const asn = asn1js.fromBER(new Uint8Array(cms));
    if (asn.offset == -1) return { intact: false };
    const info = new pkijs.ContentInfo({ schema: asn.result });
    const signedData = new pkijs.SignedData({ schema: info.content });
    const signer = signedData.signerInfos[0];
    const sid = signer.sid as pkijs.IssuerAndSerialNumber;
    const certificate = (signedData.certificates ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate && !!sid.serialNumber && c.serialNumber.isEqual(sid.serialNumber));
    const digest = DIGESTS[signer.digestAlgorithm.algorithmId];
    const attributes = signer.signedAttrs;
    const messageDigest = attributes?.attributes.find((a) => a.type == "1.2.840.113549.1.9.4")?.values[0] as asn1js.OctetString | undefined;
    const time = attributes?.attributes.find((a) => a.type == "1.2.840.113549.1.9.5")?.values[0] as asn1js.UTCTime | undefined;
    const certificateSha256 = certificate ? createHash("sha256").update(new Uint8Array(certificate.toSchema().toBER(false))).digest("hex") : null;
    const base = { certificateSha256, signingTime: time?.toDate?.().toISOString() ?? null, timestampTime: timestampTime(signer) };
    if (!certificate || !digest || !attributes || !messageDigest) return { ...base, intact: false };
    const digestOk = createHash(digest).update(signed).digest().equals(Buffer.from(messageDigest.valueBlock.valueHexView));
    // The signature is over the attributes' DER as a SET (tag 0x31), not as they sit in the SignerInfo ([0] IMPLICIT).
    const encoded = Buffer.from(new Uint8Array(attributes.encodedValue));
    encoded[0] = 0x31;
    const key = createPublicKey({ key: Buffer.from(new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false))), format: "der", type: "spki" });
    const signatureOk = cryptoVerify(digest, encoded, key, Buffer.from(signer.signature.valueBlock.valueHexView));
    return { ...base, intact: digestOk && signatureOk };
  } catch {
    return { intact: false };
  }
}

/** The time of the RFC 3161 token in the signer's unsigned attributes (PAdES B-T), if any. */
function timestampTime(signer: pkijs.SignerInfo): string | null {
  const token = signer.unsignedAttrs?.attributes.find((a) => a.type == "1.2.840.113549.1.9.16.2.14")?.values[0];
  if (!token) return null;
  try {
    const signedData = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: token }).content });
    const content = signedData.encapContentInfo.eContent!;
    const tst = new pkijs.TSTInfo({ schema: asn1js.fromBER(content.getValue()).result });
    return tst.genTime.toISOString();
  } catch {
    return null;
  }
}

/** Reads a string entry (`/Key (literal)` or `/Key <hex>`) of a dictionary's text, decoding PDF text strings. */
function readStringEntry(object: string, key: string): string | null {
  const at = object.search(new RegExp(`/${key}\\s*[(<]`));
  if (at < 0) return null;
  let i = object.indexOf(object.slice(at).match(/[(<]/)![0], at);
  const bytes: number[] = [];
  if (object[i] == "<") {
    const end = object.indexOf(">", i);
    const hex = object.slice(i + 1, end).replace(/\s+/g, "");
    for (let j = 0; j + 1 < hex.length; j += 2) bytes.push(parseInt(hex.slice(j, j + 2), 16));
  } else {
    let depth = 0;
    for (i++; i < object.length; i++) {
      const c = object[i];
      if (c == "\\") {
        const next = object[++i];
        const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
        if (next in escapes) bytes.push(escapes[next]);
        else if (/[0-7]/.test(next)) {
          const octal = /^[0-7]{1,3}/.exec(object.slice(i))![0];
          bytes.push(parseInt(octal, 8));
          i += octal.length - 1;
        } else if (next != "\n" && next != "\r") bytes.push(next.charCodeAt(0));
        continue;
      }
      if (c == "(") depth++;
      if (c == ")" && depth-- == 0) break;
      bytes.push(c.charCodeAt(0));
    }
  }
  return decodeTextString(Buffer.from(bytes));
}

/** PDF text strings: UTF-16BE after a byte order mark, else PDFDocEncoding (Latin-1 but for a few punctuation marks). */
function decodeTextString(bytes: Buffer): string {
  if (bytes[0] == 0xfe && bytes[1] == 0xff) return Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1))).swap16().toString("utf16le");
  const extras: Record<number, string> = { 0x80: "•", 0x81: "†", 0x82: "‡", 0x83: "…", 0x84: "—", 0x85: "–", 0x8d: "“", 0x8e: "”", 0x8f: "‘", 0x90: "’", 0x91: "‚", 0x92: "™", 0x96: "Œ", 0x9c: "œ", 0xa0: "€" };
  return [...bytes].map((b) => extras[b] ?? String.fromCharCode(b)).join("");
}
