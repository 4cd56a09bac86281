import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import { listSignatories } from "../../store/charters.js";
import { listRounds, listSignatures, type RoundRow, type SignatureRow } from "../../store/signing.js";
import { getVersion } from "../../store/versions.js";
import { chainHead } from "../../store/audit.js";
import { CANONICAL_FORM_VERSION, chainOf } from "../../store/auditChain.js";
import { departementByCode } from "../../shared/departements.js";
import { conflict } from "../../http/errors.js";
import { verifyChain } from "../audit/chainVerifier.js";
import { signatureSvg, type DrawnSignature } from "../signing/signatureImage.js";
import { eventLabel } from "./eventLabels.js";

/** The level of signature reached, as the evidence file states it. */
export const SIGNATURE_LEVEL = {
  code: "SES",
  name: "Signature électronique simple, avec cachet de la plateforme",
  statement:
    "Chaque signature est une signature électronique simple au sens du règlement eIDAS (article 3, 10°) et des articles 1366 et 1367 du Code civil, " +
    "scellée par le cachet électronique de la plateforme ; ce n'est ni une signature avancée ni une signature qualifiée. " +
    "L'acte juridique de signature est le clic du signataire, authentifié de nouveau par son mot de passe et précédé de son consentement explicite, " +
    "sur une version dont l'empreinte SHA-256 est donnée ci-dessous ; l'image tracée ou le nom saisi n'en est que la marque visible. " +
    "Ce fichier réunit les éléments qui en font la preuve : le texte signé et son empreinte, l'identité et la qualité de chaque signataire, " +
    "la façon dont il s'est authentifié, les dates et heures, l'adresse IP et le navigateur, le texte du consentement et le journal des événements, " +
    "chaîné et vérifiable.",
} as const;

/** How a signatory proved who they were, in words. */
const AUTHENTICATION_LABELS: Record<string, string> = {
  password_reentered: "Session ouverte par identifiant et mot de passe, puis mot de passe saisi de nouveau au moment de signer",
};

export interface EvidenceSignature {
  id: string;
  organisation: { id: string; name: string };
  signer: { id: string; name: string; email: string };
  capacity: string;
  delegation: string | null;
  authentication: { method: string; label: string; sessionId: string | null };
  ip: string | null;
  userAgent: string | null;
  timeZone: string | null;
  viewedAt: string | null;
  approvedAt: string | null;
  signedAt: string;
  versionHash: string;
  mode: SignatureRow["mode"];
  /** The strokes as drawn, and the same as SVG. */
  image: DrawnSignature | null;
  imageSvg: string | null;
  typedName: string | null;
  consent: { text: string; sha256: string };
}

export interface EvidenceEvent {
  id: number;
  seq: number;
  at: string;
  action: string;
  label: string;
  actor: { id: string; name: string | null } | null;
  subjectType: string | null;
  subjectId: string | null;
  details: unknown;
  ip: string | null;
  prevHash: string;
  hash: string;
}

/** The « fichier de preuve » of a charter's signatures: what `evidence.json` is, and `evidence.pdf` shows. */
export interface Evidence {
  format: "charte-evidence/1";
  generatedAt: string;
  platform: { url: string };
  charter: { id: string; title: string; departement: { code: string; name: string }; state: string; effectiveDate: string | null; endDate: string | null; durationYears: number };
  version: { id: string; number: number; label: string; sha256: string; savedAt: string; frozenAt: string };
  round: { id: string; openedAt: string; signingOpenedAt: string | null; order: string[] | null; closedAt: string | null; closedReason: RoundRow["closed_reason"] };
  level: typeof SIGNATURE_LEVEL;
  signatures: EvidenceSignature[];
  /** Every entry of the charter's audit chain from the round's opening to the file's making, in order. */
  events: EvidenceEvent[];
  auditChain: { chain: string; canonicalForm: string; head: { entryId: number; seq: number; sha256: string } | null; intact: boolean; problem: string | null };
}

/**
 * Gathers the evidence of the round that is being (or was) signed: 409
 * before its first signature. Read in one transaction, so the events and
 * the chain's head are of the same moment.
 */
export async function evidenceFile(db: Knex, charter: CharterRow, publicUrl: string): Promise<Evidence> {
  return db.transaction(async (trx) => {
    const latest = (await listRounds(trx, charter.id))[0];
    const round = latest && (latest.closed_at == null || latest.closed_reason == "signed") ? latest : undefined;
    const signatures = round ? await listSignatures(trx, [round.id]) : [];
    if (!round || !signatures.length)
      throw conflict("no_signature", "Le fichier de preuve existe dès la première signature : aucune organisation n'a encore signé la version soumise.");
    const version = (await getVersion(trx, charter.id, round.version_id))!;
    const signatories = await listSignatories(trx, charter.id);
    const orgName = (id: string) => signatories.find((o) => o.id == id)?.name ?? "Organisation retirée";
    const rows = await trx("audit_events")
      .leftJoin("users", "users.id", "audit_events.actor_id")
      .where("audit_events.charter_id", charter.id)
      .where("audit_events.at", ">=", round.opened_at)
      .orderBy("audit_events.id")
      .select("audit_events.*", "users.name as actor_name");
    const head = await chainHead(trx, chainOf(charter.id));
    const check = await verifyChain(trx, charter.id);
    const departement = departementByCode(charter.department_code);
    return {
      format: "charte-evidence/1",
      generatedAt: new Date().toISOString(),
      platform: { url: publicUrl },
      charter: {
        id: charter.id, title: charter.title, departement: { code: charter.department_code, name: departement?.name ?? charter.department_code },
        state: charter.state, effectiveDate: charter.effective_date, endDate: charter.end_date, durationYears: charter.duration_years,
      },
      version: { id: version.id, number: version.named_number ?? version.number, label: version.label, sha256: round.version_hash, savedAt: version.created_at, frozenAt: round.opened_at },
      round: {
        id: round.id, openedAt: round.opened_at, signingOpenedAt: round.signing_opened_at, order: round.signing_order ? JSON.parse(round.signing_order) : null,
        closedAt: round.closed_at, closedReason: round.closed_reason,
      },
      level: SIGNATURE_LEVEL,
      signatures: signatures.map((s) => ({
        id: s.id, organisation: { id: s.organisation_id, name: orgName(s.organisation_id) }, signer: { id: s.user_id, name: s.signer_name, email: s.signer_email },
        capacity: s.capacity, delegation: s.delegation,
        authentication: { method: s.authentication, label: AUTHENTICATION_LABELS[s.authentication] ?? s.authentication, sessionId: s.session_id },
        ip: s.ip, userAgent: s.user_agent, timeZone: s.time_zone, viewedAt: s.viewed_at, approvedAt: s.approved_at, signedAt: s.signed_at,
        versionHash: s.version_hash, mode: s.mode, image: s.image ? JSON.parse(s.image) : null, imageSvg: s.image ? signatureSvg(JSON.parse(s.image)) : null, typedName: s.typed_name,
        consent: { text: s.consent_text, sha256: s.consent_hash },
      })),
      events: rows.map((r) => ({
        id: Number(r.id), seq: Number(r.seq), at: r.at, action: r.action, label: eventLabel(r.action, r.details ? JSON.parse(r.details) : null),
        actor: r.actor_id ? { id: r.actor_id, name: r.actor_name } : null, subjectType: r.subject_type, subjectId: r.subject_id,
        details: r.details ? JSON.parse(r.details) : null, ip: r.ip, prevHash: r.prev_hash, hash: r.hash,
      })),
      auditChain: {
        chain: chainOf(charter.id), canonicalForm: CANONICAL_FORM_VERSION,
        head: head && { entryId: Number(head.last_id), seq: head.seq, sha256: head.hash }, intact: check.intact, problem: check.problem?.message ?? null,
      },
    };
  });
}
