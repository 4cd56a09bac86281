import { z } from "zod";
import { route } from "../route.js";
import { identifier, optionalText, text } from "../fields.js";
import { approvalRecorder } from "../../domain/signing/approvalRecorder.js";
import { signingOpener } from "../../domain/signing/signingOpener.js";
import { signatureRecorder } from "../../domain/signing/signatureRecorder.js";
import { refusalRecorder } from "../../domain/signing/refusalRecorder.js";
import { readSigningStatus } from "../../domain/signing/signingStatus.js";
import { consentText } from "../../domain/signing/consent.js";
import { SIGNATURE_IMAGE_LIMITS } from "../../domain/signing/signatureImage.js";
import { listSignatories } from "../../store/charters.js";
import { getVersion } from "../../store/versions.js";
import { currentRound } from "../../store/signing.js";

const approvalBody = z.object({
  decision: z.enum(["approve", "request_changes"], { error: "Indiquez votre décision : « approve » (approuver) ou « request_changes » (demander des modifications)." }),
  message: optionalText({ max: 5000, maxMessage: "Message trop long (5 000 caractères au plus).", multiline: true }).optional(),
  clauseIds: z.array(identifier("Article invalide.", 64), { error: "Indiquez les articles concernés." }).max(50, "50 articles au plus.").optional(),
});

const signingBody = z.object({
  order: z.array(identifier("Organisation invalide."), { error: "L'ordre de signature est une liste d'organisations." }).max(100).optional(),
});

const { maxStrokes, maxPoints, maxSide } = SIGNATURE_IMAGE_LIMITS;
const coordinate = z.number({ error: "Tracé de signature invalide." }).finite("Tracé de signature invalide.").min(0, "Tracé de signature invalide.").max(maxSide, "Tracé de signature invalide.");
const drawnImage = z.object({
  width: z.number().int().min(50, "Zone de signature trop petite.").max(maxSide, "Zone de signature trop grande."),
  height: z.number().int().min(20, "Zone de signature trop petite.").max(maxSide, "Zone de signature trop grande."),
  strokes: z.array(z.array(z.tuple([coordinate, coordinate]), { error: "Tracé de signature invalide." }).min(1, "Tracé de signature invalide."), { error: "Tracé de signature invalide." })
    .min(1, "Tracez votre signature.")
    .max(maxStrokes, `Signature trop complexe (${maxStrokes} traits au plus).`)
    .refine((strokes) => strokes.reduce((n, s) => n + s.length, 0) <= maxPoints, `Signature trop complexe (${maxPoints} points au plus).`),
}, { error: "Tracé de signature invalide." });

const signatureBody = z.object({
  versionHash: z.string({ error: "Indiquez l'empreinte de la version lue." }).regex(/^[0-9a-f]{64}$/, "Empreinte de version invalide."),
  password: z.string({ error: "Saisissez de nouveau votre mot de passe." }).min(1, "Saisissez de nouveau votre mot de passe.").max(200, "Mot de passe trop long."),
  capacity: text({ required: "Indiquez en quelle qualité vous signez.", min: 2, max: 200, maxMessage: "Qualité trop longue (200 caractères au plus)." }),
  delegation: optionalText({ max: 300, maxMessage: "Référence de délégation trop longue (300 caractères au plus)." }).optional(),
  consent: z.literal(true, { error: "Cochez la case de consentement pour signer." }),
  mode: z.enum(["drawn", "typed"], { error: "Choisissez de tracer ou de saisir votre signature." }),
  image: drawnImage.optional(),
  typedName: optionalText({ max: 200, maxMessage: "Nom trop long (200 caractères au plus)." }).optional(),
  timeZone: z.string().max(64).regex(/^[A-Za-z0-9_+\-/]+$/, "Fuseau horaire invalide.").optional(),
}).superRefine((body, ctx) => {
  if (body.mode == "drawn" && !body.image) ctx.addIssue({ code: "custom", path: ["image"], message: "Tracez votre signature." });
  if (body.mode == "typed" && !body.typedName) ctx.addIssue({ code: "custom", path: ["typedName"], message: "Saisissez votre nom pour signer." });
});

const refusalBody = z.object({
  reason: text({ required: "Dites pourquoi vous refusez de signer.", min: 3, max: 5000, maxMessage: "Motif trop long (5 000 caractères au plus).", multiline: true }),
});

/**
 * Approval of the frozen version, opening of signing, signatures and
 * refusals (issue 10). Who may do what is the policy's; the commands in
 * `domain/signing/` enforce the rest (organisation, round, order, version).
 */
export const signingRoutes = [
  route({
    method: "get", path: "/charters/:id/signatures", tag: "signing", access: { charter: "signatures:read" },
    summary: "Each signatory organisation's approval and signature in the round under way (or the one that signed the charter), earlier rounds, and for a signatory the consent sentence they would sign.",
    responds: "`{state, effectiveDate, endDate, round, organisations, missingApprovals, missingSignatures, earlierRounds, consentText}`.",
    async handle({ services, charter, membership }) {
      const status = await readSigningStatus(services.db, charter!);
      let consent: string | null = null;
      const round = await currentRound(services.db, charter!.id);
      const organisation = membership!.role == "signatory" && membership!.organisation_id ? (await listSignatories(services.db, charter!.id)).find((o) => o.id == membership!.organisation_id) : undefined;
      if (round && organisation) {
        const version = (await getVersion(services.db, charter!.id, round.version_id))!;
        consent = consentText({ charterTitle: charter!.title, versionNumber: version.named_number ?? version.number, versionLabel: version.label, versionHash: round.version_hash, organisationName: organisation.name });
      }
      return {
        body: { state: charter!.state, effectiveDate: charter!.effective_date, endDate: charter!.end_date, durationYears: charter!.duration_years, ...status, consentText: consent, myOrganisationId: organisation?.id ?? null },
      };
    },
  }),
  route({
    method: "post", path: "/charters/:id/approvals", tag: "signing", access: { charter: "charter:approve" }, body: approvalBody,
    summary: "A signatory organisation approves the frozen version, or asks for changes (a message, optionally on clause ids: a comment thread on each). A later decision replaces the earlier one.",
    responds: "201 `{approval: {id, organisationId, decision, at}}`.",
    async handle({ services, charter, membership, auth, body, ip }) {
      return { status: 201, body: { approval: await approvalRecorder(services, charter!, membership!, auth!.user, body, ip) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/signing", tag: "signing", access: { charter: "signing:open" }, body: signingBody,
    summary: "Open signing (pilots) once every signatory organisation has approved the frozen version; `order` makes them sign one after the other.",
    responds: "`{charter: {id, state}}`; 409 `approvals_missing` with `missing: [{id, name}]`.",
    async handle({ services, charter, auth, body, ip }) {
      await signingOpener(services, charter!, auth!.user, body.order, ip);
      return { body: { charter: { id: charter!.id, state: "signing" } } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/signatures", tag: "signing", access: { charter: "charter:sign" }, body: signatureBody,
    summary: "Sign the frozen version for the signatory's organisation: password again, capacity (and delegation), explicit consent, drawn or typed signature, and the hash of the version read.",
    responds: "201 `{signature: {id, organisationId, completed}}`; 401 wrong password; 409 version mismatch, out of order, already signed.",
    async handle({ services, charter, membership, auth, body, ip, userAgent }) {
      const signature = await signatureRecorder(services, charter!, membership!, auth!.user, body, { ip, userAgent, sessionId: auth!.sessionId });
      return { status: 201, body: { signature } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/refusals", tag: "signing", access: { charter: "charter:sign" }, body: refusalBody,
    summary: "Refuse to sign, with a reason: signing stops and the charter goes back to the pilot, frozen.",
    responds: "201 `{refusal: {id, organisationId}}`.",
    async handle({ services, charter, membership, auth, body, ip }) {
      return { status: 201, body: { refusal: await refusalRecorder(services, charter!, membership!, auth!.user, body.reason, ip) } };
    },
  }),
];
