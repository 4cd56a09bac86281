import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import type { CharterRow, MembershipRow, UserRow } from "../../store/rows.js";
import { now } from "../../store/rows.js";
import { listSignatories } from "../../store/charters.js";
import { firstView, listDecisions, listSignatures, type SignatureRow } from "../../store/signing.js";
import { getVersion } from "../../store/versions.js";
import { recordAudit } from "../../store/audit.js";
import { conflict, HttpError } from "../../http/errors.js";
import { passwordChecker } from "../commands/passwordCheck.js";
import { signatoryOrganisation } from "./signatoryOrganisation.js";
import { lockCurrentRound } from "./lockRound.js";
import { consentText, sha256Hex } from "./consent.js";
import type { DrawnSignature } from "./signatureImage.js";
import { commitmentTracker } from "../followup/commitmentTracker.js";
import { signedPdfRecorder } from "./signedPdfRecorder.js";
import { parisDay } from "../../shared/frenchDates.js";
import { theOrganisation } from "../../shared/organisationNames.js";

export interface SignatureInput {
  versionHash: string;
  password: string;
  capacity: string;
  delegation?: string;
  consent: true;
  mode: "drawn" | "typed";
  image?: DrawnSignature;
  typedName?: string;
  timeZone?: string;
}

/** Where the request came from, for the evidence file. */
export interface SignatureContext {
  ip: string | null;
  userAgent: string | null;
  sessionId: string;
}

/**
 * Signs the frozen version for the signatory's organisation: re-authenticates
 * (the password again, within the login limits), checks that the text the
 * signatory saw is the one under signature, that it is the organisation's
 * turn and that it has not signed yet, then records the signature with all
 * that the evidence file needs. The last signature makes the charter signed:
 * effective on that day, for its duration.
 */
export async function signatureRecorder(services: Services, charter: CharterRow, membership: MembershipRow, user: UserRow, input: SignatureInput, context: SignatureContext) {
  const organisation = await signatoryOrganisation(services.db, charter.id, membership);
  const checked = await passwordChecker(services, { email: user.email, password: input.password, ip: context.ip, via: "signature", charterId: charter.id });
  if (!checked || checked.id != user.id) throw new HttpError(401, "reauthentication_failed", "Mot de passe incorrect : la signature n'a pas été enregistrée.");

  const signatories = await listSignatories(services.db, charter.id);
  const id = randomUUID();
  let completed = false;
  try {
    await services.db.transaction(async (trx) => {
      const round = await lockCurrentRound(trx, charter.id);
      if (!round.signing_opened_at) throw conflict("charter_state", "La signature n'est pas ouverte.");
      if (input.versionHash != round.version_hash)
        throw conflict("version_mismatch", "Le texte que vous avez lu n'est plus celui soumis à la signature : rechargez la page et relisez-le avant de signer.");
      const signatures = await listSignatures(trx, [round.id]);
      if (signatures.some((s) => s.organisation_id == organisation.id)) throw alreadySigned(organisation.name);
      const order: string[] | null = round.signing_order ? JSON.parse(round.signing_order) : null;
      if (order) {
        const waiting = order.slice(0, order.indexOf(organisation.id)).filter((orgId) => !signatures.some((s) => s.organisation_id == orgId));
        if (waiting.length) {
          const names = waiting.map((orgId) => signatories.find((o) => o.id == orgId)?.name ?? orgId);
          const error = conflict("out_of_order", `Ce n'est pas encore à ${theOrganisation(organisation.name)} de signer : ${names.join(", ")} ${names.length > 1 ? "doivent" : "doit"} signer avant.`);
          error.details = { waitingFor: waiting };
          throw error;
        }
      }
      const version = (await getVersion(trx, charter.id, round.version_id))!;
      const approval = (await listDecisions(trx, [round.id])).filter((d) => d.organisation_id == organisation.id).at(-1);
      const consent = consentText({ charterTitle: charter.title, versionNumber: version.named_number ?? version.number, versionLabel: version.label, versionHash: round.version_hash, organisationName: organisation.name });
      const at = now();
      const row: SignatureRow = {
        id, round_id: round.id, charter_id: charter.id, version_id: round.version_id, version_hash: round.version_hash, organisation_id: organisation.id,
        user_id: user.id, signer_name: user.name, signer_email: user.email, capacity: input.capacity, delegation: input.delegation ?? null,
        consent_text: consent, consent_hash: sha256Hex(consent), mode: input.mode,
        image: input.mode == "drawn" ? JSON.stringify(input.image) : null, typed_name: input.mode == "typed" ? input.typedName! : null,
        authentication: "password_reentered", session_id: context.sessionId, ip: context.ip, user_agent: context.userAgent, time_zone: input.timeZone ?? null,
        viewed_at: await firstView(trx, round.id, user.id), approved_at: approval?.decision == "approve" ? approval.created_at : null, signed_at: at, timestamp_status: null, timestamp_error: null,
      };
      await trx("signatures").insert(row);
      await recordAudit(trx, {
        actorId: user.id, charterId: charter.id, action: "signature.recorded", subjectType: "signature", subjectId: id, ip: context.ip,
        details: { organisationId: organisation.id, organisation: organisation.name, versionHash: round.version_hash, capacity: input.capacity, delegation: input.delegation ?? null, mode: input.mode },
      });
      const signedNow = new Set([...signatures.map((s) => s.organisation_id), organisation.id]);
      if (signatories.every((o) => signedNow.has(o.id))) {
        const effective = parisDay(at);
        const end = endDate(effective, charter.duration_years);
        const n = await trx("charters").where({ id: charter.id, state: "signing" }).update({ state: "signed", effective_date: effective, end_date: end, updated_at: at });
        if (n != 1) throw conflict("charter_state", "La charte n'est plus en signature.");
        await trx("approval_rounds").where({ id: round.id }).update({ closed_at: at, closed_reason: "signed" });
        const tracked = await commitmentTracker(trx, charter, round.version_id, end);
        await recordAudit(trx, {
          actorId: user.id, charterId: charter.id, action: "charter.signed", subjectType: "version", subjectId: round.version_id, ip: context.ip,
          details: { versionHash: round.version_hash, effectiveDate: effective, endDate: end, signatures: signatures.length + 1, trackedCommitments: tracked },
        });
        completed = true;
      }
      // In the same transaction: a signature is never stored without its signed PDF, nor the PDF without it.
      await signedPdfRecorder(services, trx, charter, round, row, organisation.name, completed);
      if (completed) await services.events.publish(trx, "charter-changed", { charterId: charter.id });
      else await services.events.publish(trx, "topic-changed", { charterId: charter.id, topic: "signatures" });
    });
  } catch (err) {
    // The database's own guard: two signatories of one organisation racing get one signature.
    if (isUniqueViolation(err)) throw alreadySigned(organisation.name);
    throw err;
  }
  return { id, organisationId: organisation.id, completed };
}

const alreadySigned = (name: string) => conflict("already_signed", `${name} a déjà signé cette version de la charte.`);

/** The charter's last day in force: the effective date plus its duration, less a day. */
export function endDate(effective: string, years: number): string {
  const [y, m, d] = effective.split("-").map(Number);
  const end = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February plus some years lands on 1 March: the day before is then the 28th, as it should.
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code == "23505" || e?.code == "SQLITE_CONSTRAINT" && /UNIQUE/i.test(e.message ?? "");
}
