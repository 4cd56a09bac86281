import type { Evidence, EvidenceEvent, EvidenceSignature } from "../../domain/evidence/evidenceFile.js";
import type { DrawnSignature } from "../../domain/signing/signatureImage.js";
import type { Inline } from "../model.js";
import { PDF_STYLE, PdfWriter } from "./pdfWriter.js";
import { withFrenchFirst } from "../../shared/frenchDates.js";
import { ofName } from "../../shared/frenchNames.js";

/** A moment to the second, in Paris time and in UTC: an evidence file is read by people and checked by machines. */
export function preciseDateTime(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (isNaN(date.getTime())) return iso;
  const paris = withFrenchFirst(new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "medium", timeZone: "Europe/Paris" }).format(date));
  return `${paris} (heure de Paris) — ${iso}`;
}

const run = (text: string, bold = false): Inline => ({ text, bold, italic: false, href: null });

/**
 * The evidence file as a tagged PDF in French, fonts embedded: the charter
 * and the version signed with its hash, the level of signature reached, each
 * signature with all that proves it (its drawn image as vector paths), the
 * event log of the round with each entry's hash, and the audit chain's head.
 */
export function renderEvidencePdf(evidence: Evidence): Promise<Buffer> {
  const writer = new PdfWriter({
    title: `Fichier de preuve — ${evidence.charter.title}`,
    author: "Charte",
    subject: `Preuve des signatures de la version ${evidence.version.number} (empreinte ${evidence.version.sha256})`,
    keywords: `fichier de preuve, signature électronique, ${evidence.version.sha256}`,
    creationDate: new Date(evidence.generatedAt),
  });
  writer.newPage();
  writer.heading(1, "Fichier de preuve", writer.root, { after: 4 });
  writer.paragraph(`Signature électronique de la charte « ${evidence.charter.title} »`, writer.root, { font: "sansBold", size: 12, after: 4 });
  writer.paragraph(`Produit le ${preciseDateTime(evidence.generatedAt)} par ${evidence.platform.url}`, writer.root, { font: "sans", size: 9, color: PDF_STYLE.muted, after: 12 });

  const charter = writer.group("Sect", writer.root, { title: "La charte et la version signée" });
  writer.heading(2, "La charte et la version signée", charter);
  const c = evidence.charter;
  const v = evidence.version;
  fields(writer, charter, [
    ["Charte", c.title],
    ["Département", `${c.departement.name} (${c.departement.code})`],
    ["Identifiant de la charte", c.id],
    ["État", STATES[c.state] ?? c.state],
    ...(c.effectiveDate ? [["Entrée en vigueur", `${c.effectiveDate}, pour ${c.durationYears} an${c.durationYears > 1 ? "s" : ""}, jusqu'au ${c.endDate}`] as [string, string]] : []),
    ["Version signée", `version ${v.number} « ${v.label} »`],
    ["Empreinte SHA-256 de son contenu canonique", v.sha256],
    ["Version enregistrée le", preciseDateTime(v.savedAt)],
    ["Version figée le", preciseDateTime(v.frozenAt)],
    ["Signature ouverte le", preciseDateTime(evidence.round.signingOpenedAt)],
    ["Ordre de signature", evidence.round.order ? "imposé par le pilote, organisation par organisation" : "en parallèle"],
  ]);
  charter.end();

  const level = writer.group("Sect", writer.root, { title: "Niveau de signature" });
  writer.heading(2, `Niveau atteint : ${evidence.level.name.toLowerCase()}`, level);
  writer.paragraph(evidence.level.statement, level, { align: "justify", after: 10 });
  level.end();

  const signatures = writer.group("Sect", writer.root, { title: "Signatures" });
  writer.heading(2, `Signatures (${evidence.signatures.length})`, signatures);
  for (const signature of evidence.signatures) writeSignature(writer, signatures, signature);
  signatures.end();

  const log = writer.group("Sect", writer.root, { title: "Journal des événements" });
  writer.heading(2, "Journal des événements", log);
  writer.paragraph(
    "Toutes les entrées du journal d'audit de la charte, depuis l'ouverture du tour d'approbation jusqu'à la production de ce fichier, dans leur ordre. " +
      "Chacune porte son rang dans la chaîne de la charte et son empreinte SHA-256, calculée sur sa forme canonique et l'empreinte de l'entrée précédente.",
    log, { size: 9, color: PDF_STYLE.muted, after: 8 },
  );
  for (const event of evidence.events) writeEvent(writer, log, event);
  log.end();

  const chain = writer.group("Sect", writer.root, { title: "Chaîne d'audit" });
  writer.heading(2, "Tête de la chaîne d'audit", chain, { before: 6 });
  const head = evidence.auditChain.head;
  fields(writer, chain, [
    ["Chaîne", `celle de la charte (${evidence.auditChain.chain}), forme canonique ${evidence.auditChain.canonicalForm}`],
    ["Dernière entrée à la production", head ? `n° ${head.entryId} (rang ${head.seq})` : "—"],
    ["Empreinte de la tête", head?.sha256 ?? "—"],
    ["Vérification à la production", evidence.auditChain.intact ? "chaîne intacte" : `CHAÎNE ALTÉRÉE : ${evidence.auditChain.problem}`],
  ]);
  writer.paragraph(
    "Cette tête atteste l'état du journal au moment où ce fichier a été produit : toute vérification ultérieure de la chaîne (npm run audit:verify) " +
      "doit retrouver cette empreinte au rang indiqué.",
    chain, { size: 9, color: PDF_STYLE.muted },
  );
  chain.end();

  return writer.finish((page, count) => {
    const { doc } = writer;
    const y = doc.page.height - PDF_STYLE.margins.bottom + 28;
    doc.font("sans").fontSize(PDF_STYLE.smallSize).fillColor(PDF_STYLE.muted);
    doc.text(`Fichier de preuve — ${evidence.charter.title}`, PDF_STYLE.margins.left, y, { width: writer.width() - 80, lineBreak: false, ellipsis: true });
    doc.text(`Page ${page} / ${count}`, PDF_STYLE.margins.left, y, { width: writer.width(), align: "right", lineBreak: false });
  });
}

const STATES: Record<string, string> = { drafting: "en rédaction", frozen: "version figée", signing: "en signature", signed: "signée" };

/** Label : value lines, one paragraph each. */
function fields(writer: PdfWriter, parent: PDFKit.PDFStructureElement, rows: [string, string][]): void {
  for (const [label, value] of rows) writer.paragraph([run(`${label} : `, true), run(value)], parent, { after: 2.5 });
  writer.doc.y += 6;
}

function writeSignature(writer: PdfWriter, parent: PDFKit.PDFStructureElement, s: EvidenceSignature): void {
  const sect = writer.group("Sect", parent, { title: s.organisation.name });
  writer.heading(3, s.organisation.name, sect, { before: 6 });
  fields(writer, sect, [
    ["Signataire", `${s.signer.name} <${s.signer.email}>`],
    ["Qualité", s.capacity],
    ["Délégation", s.delegation ? `par délégation — ${s.delegation}` : "non (signe en son nom propre de représentant)"],
    ["Authentification", s.authentication.label],
    ["Session", s.authentication.sessionId ?? "—"],
    ["Adresse IP", s.ip ?? "—"],
    ["Navigateur (user agent)", s.userAgent ?? "—"],
    ["Fuseau horaire du signataire", s.timeZone ?? "non communiqué"],
    ["Première lecture de la version", preciseDateTime(s.viewedAt)],
    ["Approbation (visa)", preciseDateTime(s.approvedAt)],
    ["Signature", preciseDateTime(s.signedAt)],
    ["Empreinte de la version signée", s.versionHash],
    ["Consentement (texte coché)", `« ${s.consent.text} »`],
    ["Empreinte SHA-256 du consentement", s.consent.sha256],
    ["Mode", s.mode == "drawn" ? "signature tracée (marque visible ci-dessous)" : "nom saisi au clavier"],
  ]);
  if (s.mode == "drawn" && s.image) drawSignature(writer, sect, s.image, `Signature tracée ${ofName(s.signer.name)}`);
  else if (s.typedName) writer.paragraph([run("Nom saisi : ", true), { text: s.typedName, bold: false, italic: true, href: null }], sect, { size: 13, after: 8 });
  sect.end();
}

/** The drawn strokes as vector paths, in a box at most 220 × 80 points, tagged as a figure with its alternative text. */
function drawSignature(writer: PdfWriter, parent: PDFKit.PDFStructureElement, image: DrawnSignature, alt: string): void {
  const scale = Math.min(220 / image.width, 80 / image.height);
  const height = image.height * scale;
  writer.ensureSpace(height + 12);
  const { doc } = writer;
  const x = writer.left + 4;
  const y = doc.y + 4;
  parent.add(
    doc.struct("Figure", { alt }, () => {
      doc.save().rect(x - 4, y - 4, image.width * scale + 8, height + 8).lineWidth(0.5).strokeColor(PDF_STYLE.rule).stroke();
      doc.lineWidth(1.4).lineCap("round").lineJoin("round").strokeColor("#000000");
      for (const stroke of image.strokes) {
        const points = stroke.length == 1 ? [stroke[0], [stroke[0][0] + 0.5, stroke[0][1]] as [number, number]] : stroke;
        doc.moveTo(x + points[0][0] * scale, y + points[0][1] * scale);
        for (const [px, py] of points.slice(1)) doc.lineTo(x + px * scale, y + py * scale);
        doc.stroke();
      }
      doc.restore();
    }),
  );
  doc.y = y + height + 12;
  writer.reset();
}

function writeEvent(writer: PdfWriter, parent: PDFKit.PDFStructureElement, e: EvidenceEvent): void {
  writer.ensureSpace(42);
  const who = e.actor ? e.actor.name ?? e.actor.id : "—";
  const detail = eventDetail(e);
  const item = writer.group("Div", parent);
  writer.paragraph(preciseDateTime(e.at), item, { font: "sansBold", size: 8.5, after: 0.5 });
  writer.paragraph([run(e.label, true), run(` — ${who}${e.ip ? ` (IP ${e.ip})` : ""}${detail ? ` — ${detail}` : ""}`)], item, { size: 9, after: 1 });
  writer.paragraph(`entrée n° ${e.id}, rang ${e.seq} — ${e.hash}`, item, { font: "mono", size: 7, color: PDF_STYLE.muted, after: 6 });
  item.end();
}

/** The few details of an entry worth reading beside its label. */
function eventDetail(e: EvidenceEvent): string {
  const d = (e.details ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.organisation == "string") parts.push(d.organisation);
  if (typeof d.capacity == "string") parts.push(`qualité : ${d.capacity}${d.delegation ? `, par délégation (${d.delegation})` : ""}`);
  if (typeof d.mode == "string") parts.push(d.mode == "drawn" ? "tracée" : "saisie");
  if (typeof d.message == "string" && d.message) parts.push(`« ${d.message} »`);
  if (typeof d.reason == "string" && e.action == "signature.refused") parts.push(`motif : « ${d.reason} »`);
  if (typeof d.email == "string") parts.push(d.email);
  if (typeof d.label == "string" && typeof d.number == "number") parts.push(`version ${d.number} « ${d.label} »`);
  if (typeof d.effectiveDate == "string") parts.push(`en vigueur le ${d.effectiveDate}, jusqu'au ${d.endDate}`);
  return parts.join(" ; ");
}
