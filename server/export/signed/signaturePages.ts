import type { PdfWriter } from "../pdf/pdfWriter.js";
import { PDF_STYLE } from "../pdf/pdfWriter.js";
import { articleLabel, versionTitle, frenchDateTime } from "../model.js";
import type { SignedPdfModel } from "./signedPdfModel.js";
import { drawQrCode } from "./qrCode.js";

/**
 * Where one organisation's signature will show: a box on a page of the
 * signed PDF (pdfkit coordinates: points from the top left corner). The
 * page itself only carries the organisation's name and the box's frame; the
 * signer's block is drawn later in the appearance of an annotation reserved
 * over the box, so signing never changes the pages' content.
 */
export interface SignatureSlot {
  organisationId: string;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size of a signer's block (the annotation), two to a row. */
export const BLOCK_HEIGHT = 104;
const COLUMN_GAP = 16;
const NAME_HEIGHT = 26;

/** The verification address of a version hash (what the QR code holds). */
export function verifyHashUrl(model: SignedPdfModel): string {
  return `${model.verifyUrl}?hash=${model.text.version.hash}`;
}

/**
 * Writes, after the charter's text, the page of signature blocks (one per
 * signatory organisation) and the certificate page; returns where each
 * block's annotation goes.
 */
export function writeSignaturePages(writer: PdfWriter, model: SignedPdfModel): SignatureSlot[] {
  const { doc } = writer;
  const slots: SignatureSlot[] = [];
  writer.newPage();
  const sect = writer.group("Sect", writer.root, { title: "Signatures" });
  writer.heading(2, "Signatures des organisations signataires", sect, { after: 8 });
  writer.paragraph(
    `Chaque organisation signataire a lu et signé électroniquement la ${versionTitle(model.text.version).replace(/^Version/, "version")}, identifiée par son empreinte SHA-256 (voir le certificat de la version, en fin de document). ` +
      "Chaque signature est scellée dans ce fichier par un cachet électronique de la plateforme (PAdES), ajouté sans modifier les signatures précédentes. " +
      "L'acte de signature est le clic authentifié et consenti sur la version ainsi identifiée ; l'image tracée ou le nom saisi en est la marque visible.",
    sect,
    { font: "sans", size: 8.5, color: PDF_STYLE.muted, after: 12 },
  );
  const width = (writer.width() - COLUMN_GAP) / 2;
  model.signatories.forEach((organisation, i) => {
    const column = i % 2;
    if (column == 0) writer.ensureSpace(NAME_HEIGHT + BLOCK_HEIGHT + 14);
    const top = column == 0 ? doc.y : slots[i - 1].y - NAME_HEIGHT;
    const x = writer.left + column * (width + COLUMN_GAP);
    const div = writer.group("Div", sect);
    div.add(
      doc.struct("P", {}, () => {
        doc.font("sansBold").fontSize(9).fillColor(PDF_STYLE.accent);
        doc.text(organisation.name, x, top, { width, height: NAME_HEIGHT - 2, ellipsis: true, lineGap: 0.5 });
      }),
    );
    div.end();
    const slot = { organisationId: organisation.id, page: writer.pageIndex, x, y: top + NAME_HEIGHT, width, height: BLOCK_HEIGHT };
    slots.push(slot);
    doc.markContent("Artifact", { type: "Layout" });
    doc.save().roundedRect(x, slot.y, width, BLOCK_HEIGHT, 3).lineWidth(0.6).strokeColor(PDF_STYLE.rule).stroke().restore();
    doc.endMarkedContent();
    doc.y = column == 1 || i == model.signatories.length - 1 ? slot.y + BLOCK_HEIGHT + 14 : top;
  });
  writer.reset();
  sect.end();
  writeCertificatePage(writer, model);
  return slots;
}

function writeCertificatePage(writer: PdfWriter, model: SignedPdfModel): void {
  const { doc } = writer;
  const v = model.text.version;
  writer.newPage();
  const sect = writer.group("Sect", writer.root, { title: "Certificat" });
  writer.heading(2, "Certificat de la version signée", sect, { after: 10 });
  const label = { font: "sansBold" as const, size: 8.5, color: PDF_STYLE.muted, after: 1 };
  const value = { font: "sans" as const, size: 9.5, color: PDF_STYLE.text, after: 7 };
  const mono = { font: "mono" as const, size: 8, color: PDF_STYLE.text, after: 7 };
  const line = (text: string, options: object) => writer.paragraph(text, sect, options);
  line("Charte", label);
  line(`${model.text.title} — département de ${model.text.departement.name} (${model.text.departement.code})`, value);
  line("Version signée", label);
  line(`${versionTitle(v)}, enregistrée le ${frenchDateTime(v.createdAt)}`, value);
  line("Empreinte SHA-256 du contenu de la version (forme canonique)", label);
  line(v.hash, mono);
  line("Empreinte SHA-256 du certificat du cachet de la plateforme", label);
  line(model.sealFingerprint, mono);
  line("Vérifier ce document", label);
  writer.paragraph([{ text: model.verifyUrl, bold: false, italic: false, href: model.verifyUrl }], sect, value);
  const qrSize = 92;
  writer.ensureSpace(qrSize + 8);
  const qrTop = doc.y;
  const figure = writer.group("Figure", sect, { alt: `Code QR de l'adresse de vérification de cette version : ${verifyHashUrl(model)}` } as PDFKit.Mixins.StructureElementOptions);
  figure.add(doc.struct("Span", {}, () => drawQrCode(doc, verifyHashUrl(model), writer.left - 6, qrTop, qrSize)));
  figure.end();
  doc.y = qrTop + qrSize + 6;
  writer.paragraph(
    "Déposez ce fichier sur la page de vérification, ou lisez le code QR : elle dit si le fichier est intact, quelle version il porte et qui l'a signée. " +
      "L'empreinte d'un article est le SHA-256 de la forme canonique de cet article seul (son identifiant, son titre, son texte et ses engagements, sans son numéro) : " +
      "chacun peut ainsi être vérifié isolément.",
    sect,
    { font: "sans", size: 8.5, color: PDF_STYLE.muted, after: 10 },
  );
  writer.heading(3, "Empreinte de chaque article", sect, { after: 4 });
  const list = writer.group("L", sect);
  for (const section of model.text.sections) {
    for (const article of section.articles) {
      const hash = article.id ? model.clauseHashes.get(article.id) : undefined;
      writer.ensureSpace(22);
      const li = writer.group("LI", list);
      writer.paragraph(`${articleLabel(article.number)} — ${article.heading}`, li, { font: "sans", size: 8.5, after: 0 }, "Lbl");
      writer.paragraph(hash ?? "—", li, { font: "mono", size: 7.5, color: PDF_STYLE.muted, after: 4, indent: 10 }, "LBody");
      li.end();
    }
  }
  list.end();
  sect.end();
}

