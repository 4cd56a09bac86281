import { PDF, PdfArray, PdfDict, PdfName, PdfNumber, PdfString, type PdfRef, type Signer, type TimestampAuthority } from "@libpdf/core";
import { renderCharterPdf } from "../pdf/renderCharterPdf.js";
import type { SignedPdfModel } from "./signedPdfModel.js";
import { writeSignaturePages, type SignatureSlot } from "./signaturePages.js";
import { renderPendingBlock, renderSignerBlock, type SignerBlock } from "./signatureVisual.js";
import { TimestampUnavailable } from "../../domain/signing/seal/retryingTimestamps.js";

/*
 * The signed PDF is built once and then only appended to: the charter with
 * its signature and certificate pages, plus one locked stamp annotation per
 * organisation over its box (showing « En attente de signature »); then, at
 * each signature, one incremental update that sets that organisation's
 * annotation appearance to the signer's block and adds a PAdES signature
 * (ETSI.CAdES.detached) of the platform seal over the whole file so far; at
 * the end, a final seal. Nothing is ever re-saved: every earlier signature
 * keeps covering exactly the bytes it signed.
 */

/** Annotation names: `/NM (signature:<organisation id>)`. */
const slotName = (organisationId: string) => `signature:${organisationId}`;

/** The signed PDF before anyone signs. */
export async function renderBaseSignedPdf(model: SignedPdfModel): Promise<Buffer> {
  let slots: SignatureSlot[] = [];
  const text = { ...model.text, signed: true };
  const pdfkitBytes = await renderCharterPdf(text, {
    watermark: false,
    statusLine: "Version soumise à la signature des organisations signataires : leurs signatures et le certificat de la version figurent en fin de document.",
    extraPages: (writer) => (slots = writeSignaturePages(writer, model)),
  });
  const pdf = await PDF.load(pdfkitBytes);
  for (const slot of slots) {
    const page = pdf.getPage(slot.page)!;
    const pending = await pdf.embedPage(await PDF.load(await renderPendingBlock(slot.width, slot.height)), 0);
    const height = page.height;
    const annotation = pdf.register(
      PdfDict.of({
        Type: PdfName.of("Annot"),
        Subtype: PdfName.of("Stamp"),
        Rect: numbers([slot.x, height - slot.y - slot.height, slot.x + slot.width, height - slot.y]),
        // Print, ReadOnly, Locked, LockedContents: a viewer shows it and lets no one move or edit it.
        F: PdfNumber.of(4 | 64 | 128 | 512),
        NM: PdfString.fromString(slotName(slot.organisationId)),
        Contents: PdfString.fromString("Bloc de signature"),
        P: page.ref,
        AP: PdfDict.of({ N: pending.ref }),
      }),
    );
    const annots = page.dict.get("Annots", resolver(pdf));
    if (annots instanceof PdfArray) annots.push(annotation);
    else page.dict.set("Annots", new PdfArray([annotation]));
  }
  return Buffer.from(await pdf.save({ incremental: true }));
}

/** One organisation's signature, appended to the PDF signed so far. */
export interface AppendedSignature {
  organisationId: string;
  block: SignerBlock;
  /** The signature dictionary's /Reason: names the charter, the version and its hash (see `signatureReason`). */
  reason: string;
  location: string;
  signer: Signer;
  timestampAuthority: TimestampAuthority | null;
}

/** How the RFC 3161 timestamp went: none asked, given, or failed (the signature is then made without). */
export interface TimestampOutcome {
  status: "timestamped" | "failed" | null;
  error: string | null;
}

/** Appends one organisation's visible block and PAdES signature. */
export async function appendSignature(bytes: Buffer, signature: AppendedSignature): Promise<{ bytes: Buffer; timestamp: TimestampOutcome }> {
  return signIncrementally(bytes, signature, `Signature ${signature.organisationId}`, async (pdf) => {
    const annotation = findSlot(pdf, signature.organisationId);
    if (!annotation) throw new Error(`The signed PDF has no signature block for organisation ${signature.organisationId}`);
    const rect = annotation.getArray("Rect", resolver(pdf))!;
    const [x1, y1, x2, y2] = [0, 1, 2, 3].map((i) => (rect.at(i) as PdfNumber).value);
    const visual = await pdf.embedPage(await PDF.load(await renderSignerBlock(signature.block, x2 - x1, y2 - y1)), 0);
    annotation.set("AP", PdfDict.of({ N: visual.ref }));
    annotation.set("Contents", PdfString.fromString(`Signé électroniquement par ${signature.block.signerName} (${signature.block.organisationName})`));
  });
}

/** The platform's final seal over the whole file, once every organisation has signed. */
export async function appendFinalSeal(bytes: Buffer, seal: Omit<AppendedSignature, "organisationId" | "block">): Promise<{ bytes: Buffer; timestamp: TimestampOutcome }> {
  return signIncrementally(bytes, seal, "Cachet final", async () => {});
}

async function signIncrementally(bytes: Buffer, options: Omit<AppendedSignature, "organisationId" | "block">, fieldName: string, prepare: (pdf: PDF) => Promise<void>) {
  const attempt = async (tsa: TimestampAuthority | null) => {
    const pdf = await PDF.load(bytes);
    await prepare(pdf);
    const result = await pdf.sign({
      signer: options.signer,
      fieldName,
      reason: options.reason,
      location: options.location,
      subFilter: "ETSI.CAdES.detached",
      ...(tsa ? { level: "B-T" as const, timestampAuthority: tsa, estimatedSize: 14336 } : { estimatedSize: 6144 }),
    });
    return Buffer.from(result.bytes);
  };
  if (!options.timestampAuthority) return { bytes: await attempt(null), timestamp: { status: null, error: null } satisfies TimestampOutcome };
  try {
    return { bytes: await attempt(options.timestampAuthority), timestamp: { status: "timestamped", error: null } satisfies TimestampOutcome };
  } catch (err) {
    if (!(err instanceof TimestampUnavailable) && !/timestamp/i.test((err as Error).message)) throw err;
    return { bytes: await attempt(null), timestamp: { status: "failed", error: (err as Error).message.slice(0, 1000) } satisfies TimestampOutcome };
  }
}

function findSlot(pdf: PDF, organisationId: string): PdfDict | null {
  const resolve = resolver(pdf);
  const wanted = slotName(organisationId);
  for (const page of pdf.getPages().reverse()) {
    const annots = page.dict.get("Annots", resolve);
    if (!(annots instanceof PdfArray)) continue;
    for (let i = 0; i < annots.length; i++) {
      const item = annots.at(i);
      const annotation = item && "objectNumber" in item ? resolve(item as PdfRef) : item;
      if (annotation instanceof PdfDict && (annotation.get("NM") as PdfString | undefined)?.asString?.() == wanted) return annotation;
    }
  }
  return null;
}

const numbers = (values: number[]) => new PdfArray(values.map((n) => PdfNumber.of(Math.round(n * 100) / 100)));
const resolver = (pdf: PDF) => (ref: PdfRef) => pdf.context.registry.resolve(ref) ?? null;
