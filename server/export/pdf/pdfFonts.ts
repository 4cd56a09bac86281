import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

/**
 * The TrueType fonts embedded in every PDF (DejaVu: all of French, « »,
 * œ, no-break spaces, curly apostrophes, and far more). They are resolved
 * through the package, so the compiled server in `build/` finds them too, and
 * read once: pdfkit embeds, in each document, the subset of glyphs it uses.
 */
const require = createRequire(import.meta.url);

const FILES = {
  serif: "DejaVuSerif",
  serifBold: "DejaVuSerif-Bold",
  serifItalic: "DejaVuSerif-Italic",
  serifBoldItalic: "DejaVuSerif-BoldItalic",
  sans: "DejaVuSans",
  sansBold: "DejaVuSans-Bold",
  sansOblique: "DejaVuSans-Oblique",
  mono: "DejaVuSansMono",
} as const;

/** A font of the PDF, by role. */
export type PdfFont = keyof typeof FILES;

let loaded: Record<PdfFont, Buffer> | null = null;

/** The font files' bytes, read on first use. */
export function pdfFontData(): Record<PdfFont, Buffer> {
  loaded ??= Object.fromEntries(
    Object.entries(FILES).map(([role, file]) => [role, readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}.ttf`))]),
  ) as Record<PdfFont, Buffer>;
  return loaded;
}

/** Registers every font of the PDF under its role's name. */
export function registerPdfFonts(doc: PDFKit.PDFDocument): void {
  for (const [role, data] of Object.entries(pdfFontData())) doc.registerFont(role, data);
}

/** The font for body text with these marks. */
export function serifFor(bold: boolean, italic: boolean): PdfFont {
  return bold ? (italic ? "serifBoldItalic" : "serifBold") : italic ? "serifItalic" : "serif";
}
