import { z } from "zod";
import { route } from "../route.js";
import { identifier, optionalText, text } from "../fields.js";
import { badRequest, HttpError, notFound } from "../errors.js";
import { parseInput } from "../validate.js";
import { readRawBody } from "../rawBody.js";
import { APPRAISALS, APPRAISAL_OUTCOMES, DECLARATION_STATUSES } from "../../shared/followup.js";
import { campaignOpener } from "../../domain/followup/campaignOpener.js";
import { campaignStateChanger } from "../../domain/followup/campaignStateChanger.js";
import { commitmentsView, presentCampaign } from "../../domain/followup/commitmentsView.js";
import { declarationRecorder } from "../../domain/followup/declarationRecorder.js";
import { appraisalRecorder } from "../../domain/followup/appraisalRecorder.js";
import { checkEvidenceRoom, evidenceRecorder } from "../../domain/followup/evidenceRecorder.js";
import { readMultipartFile } from "../../domain/followup/multipartFile.js";
import { indicatorsView, indicatorUpdater, indicatorValuesRecorder, PERIOD } from "../../domain/followup/indicatorValues.js";
import { parseValuesCsv } from "../../domain/followup/valuesCsv.js";
import { getCampaign, listCampaigns } from "../../store/campaigns.js";
import { getEvidence } from "../../store/followup.js";

const day = (field: string) => z.string({ error: `Indiquez la date « ${field} » (AAAA-MM-JJ).` })
  .regex(/^\d{4}-\d{2}-\d{2}$/, `Date « ${field} » invalide (AAAA-MM-JJ).`)
  .refine((v) => !isNaN(Date.parse(v + "T00:00:00Z")) && new Date(v + "T00:00:00Z").toISOString().startsWith(v), `Date « ${field} » invalide (AAAA-MM-JJ).`);

const campaignBody = z.object({
  label: text({ required: "Donnez un nom à la campagne (par exemple « Bilan 2027 »).", min: 2, max: 200, maxMessage: "Nom trop long (200 caractères au plus)." }),
  start: day("start"), end: day("end"), deadline: day("deadline"), committeeDate: day("committeeDate"),
});

const stateBody = z.object({
  state: z.enum(["in_review", "closed"], { error: "Indiquez l'état voulu : « in_review » (en revue) ou « closed » (close)." }),
});

const ids = <T extends Record<string, string>>(values: T) => Object.keys(values) as [keyof T & string, ...(keyof T & string)[]];
const statusList = Object.entries(DECLARATION_STATUSES).map(([id, label]) => `« ${id} » (${label})`).join(", ");
const appraisalList = Object.entries(APPRAISALS).map(([id, label]) => `« ${id} » (${label})`).join(", ");

const declarationBody = z.object({
  commitmentId: identifier("Indiquez l'engagement déclaré.", 64),
  status: z.enum(ids(DECLARATION_STATUSES), { error: `Statut invalide : ${statusList}.` }),
  narrative: optionalText({ max: 10000, maxMessage: "Récit trop long (10 000 caractères au plus).", multiline: true }).default(""),
  reason: optionalText({ max: 5000, maxMessage: "Motif trop long (5 000 caractères au plus).", multiline: true }).optional(),
  evidenceIds: z.array(identifier("Pièce justificative invalide.", 36), { error: "Les pièces sont une liste d'identifiants." }).max(50, "50 pièces au plus.").optional(),
});

const appraisalBody = z.object({
  declarationId: identifier("Indiquez la déclaration appréciée.", 36),
  appraisal: z.enum(ids(APPRAISALS), { error: `Appréciation invalide : ${appraisalList}.` }),
  comment: optionalText({ max: 5000, maxMessage: "Commentaire trop long (5 000 caractères au plus).", multiline: true }).default(""),
  outcome: z.enum(ids(APPRAISAL_OUTCOMES), { error: "Suite invalide : « valide », « a_completer » (à compléter) ou « conteste » (contesté)." }).optional(),
});

const linkBody = z.object({
  url: z.string({ error: "Indiquez l'adresse du lien (https://…)." }).min(8, "Adresse trop courte.").max(2000, "Adresse trop longue (2 000 caractères au plus)."),
  title: optionalText({ max: 300, maxMessage: "Titre trop long (300 caractères au plus)." }).optional(),
});

const valueBody = z.object({
  period: z.string({ error: "Indiquez la période (par exemple 2027)." }).regex(PERIOD, "Période invalide : une année (2027), un semestre (2027-S1), un trimestre (2027-T2) ou un mois (2027-03)."),
  value: z.number({ error: "La valeur est un nombre." }).finite("La valeur est un nombre."),
  final: z.boolean({ error: "Indiquez si la valeur est définitive (true) ou provisoire (false)." }),
});

const point = z.object({ value: z.number().finite(), year: z.number().int().min(1990).max(2100) }, { error: "Indiquez une valeur et une année." });
const indicatorBody = z.object({
  label: text({ required: "Le libellé ne peut être vide.", min: 3, max: 500, maxMessage: "Libellé trop long (500 caractères au plus)." }).optional(),
  unit: optionalText({ max: 40, maxMessage: "Unité trop longue (40 caractères au plus)." }).nullable().optional(),
  direction: z.enum(["up", "down"], { error: "Sens souhaité : « up » (à la hausse) ou « down » (à la baisse)." }).nullable().optional(),
  source: optionalText({ max: 500, maxMessage: "Source trop longue (500 caractères au plus)." }).nullable().optional(),
  method: optionalText({ max: 2000, maxMessage: "Méthode trop longue (2 000 caractères au plus).", multiline: true }).nullable().optional(),
  baseline: point.nullable().optional(),
  target: point.nullable().optional(),
  organisationId: identifier("Organisation invalide.", 36).nullable().optional(),
});

/** The largest CSV file of indicator values accepted. */
const CSV_LIMIT = 5 * 1024 * 1024;

/**
 * Follow-up of the signed charter (issue 11): tracked commitments, campaigns,
 * declarations with their evidence, appraisals, and indicators with their
 * values. Who may call a route is the policy's; the commands in
 * `domain/followup/` check the rest (organisation, campaign state).
 */
export const followupRoutes = [
  route({
    method: "get", path: "/charters/:id/commitments", tag: "followup", access: { charter: "compliance:read" },
    summary: "The tracked commitments of the signed charter with their organisation, article, stage, indicator and due date, and per campaign the latest declaration and appraisal and where the commitment stands (`commitmentStanding.ts`: status — declared in the campaign, else a « Réalisé » or « Sans objet » carried from an earlier one with `fromEarlierCampaign` —, « échu », « En retard »); the commitment's `overdue` is the one of the campaign the dashboard shows by default.",
    responds: "`{campaigns, commitments: [{id, organisation, mine, article, stage, text, due, indicator, overdue, campaigns: [{campaignId, status, statusLabel, fromEarlierCampaign, fallenDue, overdue, declaration, appraisal}]}]}`.",
    async handle({ services, charter, membership }) {
      return { body: await commitmentsView(services.db, charter!, membership!) };
    },
  }),
  route({
    method: "get", path: "/charters/:id/campaigns", tag: "followup", access: { charter: "compliance:read" },
    summary: "The charter's follow-up campaigns, oldest first.",
    responds: "`{campaigns: [{id, label, start, end, deadline, committeeDate, state, snapshotSha256, versionHash}]}`.",
    async handle({ services, charter }) {
      return { body: { campaigns: (await listCampaigns(services.db, charter!.id)).map(presentCampaign) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/campaigns", tag: "followup", access: { charter: "compliance:manage" }, body: campaignBody,
    summary: "Open a campaign for a period (pilots): label, start and end of the period, deadline for declarations, committee date. One campaign at a time may be open or in review.",
    responds: "201 `{campaign}`; 409 `campaign_running` while another is not closed.",
    async handle({ services, charter, auth, body, ip }) {
      const id = await campaignOpener(services, charter!, auth!.user, body, ip);
      return { status: 201, body: { campaign: presentCampaign((await getCampaign(services.db, charter!.id, id))!) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/campaigns/:campaignId/state", tag: "followup", access: { charter: "compliance:manage" }, body: stateBody,
    summary: "Move a campaign on (pilots): `in_review` ends declarations and starts the review; `closed` freezes it into an immutable snapshot with its SHA-256, tied to the signed version's hash.",
    responds: "`{campaign}`; 409 when the campaign is not in the state before.",
    async handle({ services, charter, auth, body, params, ip }) {
      await campaignStateChanger(services, charter!, auth!.user, params.campaignId, body.state, ip);
      return { body: { campaign: presentCampaign((await getCampaign(services.db, charter!.id, params.campaignId))!) } };
    },
  }),
  route({
    method: "get", path: "/charters/:id/campaigns/:campaignId/snapshot", tag: "followup", access: { charter: "compliance:read" },
    summary: "The frozen snapshot of a closed campaign, exactly as hashed.",
    responds: "The snapshot JSON file; its SHA-256 is the campaign's `snapshotSha256`. 409 while the campaign is not closed.",
    produces: "application/json",
    async handle({ services, charter, params }) {
      const campaign = await getCampaign(services.db, charter!.id, params.campaignId);
      if (!campaign) throw notFound("Campagne");
      if (!campaign.snapshot) throw new HttpError(409, "campaign_not_closed", "La campagne n'est pas close : elle n'a pas encore d'instantané.");
      return { file: { contentType: "application/json", filename: `Campagne ${campaign.label}.json`, asciiFilename: "campagne.json", data: Buffer.from(campaign.snapshot, "utf8") } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/campaigns/:campaignId/declarations", tag: "followup", access: { charter: "compliance:declare" }, body: declarationBody,
    summary: "Declare (a new revision) what the organisation did about one of its commitments: status, narrative, reason (required when blocked, abandoned or without object), evidence ids. Only for one's own organisation's commitments, while the campaign is open — or, in review, once to answer an appraisal that asked for more or contested.",
    responds: "201 `{declaration: {id, revision, commitmentId, status, answersAppraisalId}}`; 403 another organisation's commitment; 409 campaign in review or closed.",
    async handle({ services, charter, membership, auth, body, params, ip }) {
      return { status: 201, body: { declaration: await declarationRecorder(services, charter!, membership!, auth!.user, params.campaignId, body, ip) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/campaigns/:campaignId/evidence", tag: "followup", access: { charter: "compliance:declare" }, budget: "evidenceUploads",
    summary: "Add evidence for the member's organisation: a file (`multipart/form-data`, field `file`, optional `title`; PDF, PNG, JPEG or office document, type read from the content; size limit `EVIDENCE_MAX_BYTES`) stored with its SHA-256, or a link (JSON `{url, title}`, https only).",
    responds: "201 `{evidence: {id, kind, sha256, size, contentType, filename, url}}`; 400 empty or no file; 429 over the user's budget, or `upload_in_progress` with `EVIDENCE_UPLOADS_PER_USER` files already arriving; 409 campaign closed, or the organisation's quota for the campaign reached (`EVIDENCE_MAX_ITEMS_PER_ORGANISATION`, `EVIDENCE_MAX_BYTES_PER_ORGANISATION`); 413 too large; 415 type refused.",
    consumes: {
      "multipart/form-data": { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" }, title: { type: "string", maxLength: 300 } } },
      "application/json": { type: "object", required: ["url"], properties: { url: { type: "string", format: "uri", pattern: "^https://" }, title: { type: "string", maxLength: 300 } } },
    },
    async handle({ services, charter, membership, auth, params, request, ip }) {
      const type = request.get("content-type") ?? "";
      let evidence;
      if (/^multipart\/form-data/i.test(type)) {
        const release = services.uploadSlots.take(auth!.user.id);
        try {
          await checkEvidenceRoom(services, charter!, params.campaignId, membership!);
          const file = await readMultipartFile(request, services.config.evidenceMaxBytes);
          const title = file.fields.title?.trim().slice(0, 300);
          evidence = await evidenceRecorder(services, charter!, membership!, auth!.user, params.campaignId, { kind: "file", filename: file.filename, data: file.data, title }, ip);
        } finally {
          release();
        }
      } else if (/^application\/json/i.test(type)) {
        const link = parseInput(linkBody, request.body);
        evidence = await evidenceRecorder(services, charter!, membership!, auth!.user, params.campaignId, { kind: "link", url: link.url, title: link.title }, ip);
      } else throw new HttpError(415, "unsupported_media_type", "Envoyez un fichier (multipart/form-data) ou un lien (JSON {url, title}).");
      return { status: 201, body: { evidence } };
    },
  }),
  route({
    method: "get", path: "/charters/:id/campaigns/:campaignId/evidence/:evidenceId", tag: "followup", access: { charter: "compliance:read" },
    summary: "Download an evidence file (members of the charter).",
    responds: "The file, with its stored type; 404 for a link or unknown evidence.",
    produces: "application/octet-stream",
    async handle({ services, charter, params }) {
      const evidence = await getEvidence(services.db, charter!.id, params.campaignId, params.evidenceId);
      if (!evidence || evidence.kind != "file" || !evidence.data) throw notFound("Pièce justificative");
      const name = evidence.filename ?? "piece";
      return { file: { contentType: evidence.content_type!, filename: name, asciiFilename: name.normalize("NFD").replace(/[^\x20-\x7e]/g, ""), data: Buffer.from(evidence.data) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/campaigns/:campaignId/appraisals", tag: "followup", access: { charter: "compliance:review" }, body: appraisalBody,
    summary: "Appraise a declaration (committee or pilots) while the campaign is in review: appraisal, comment, and optionally an outcome; `a_completer` or `conteste` lets the organisation answer once.",
    responds: "201 `{appraisal: {id, declarationId, commitmentId, appraisal, outcome}}`; 409 while open or once closed.",
    async handle({ services, charter, auth, body, params, ip }) {
      return { status: 201, body: { appraisal: await appraisalRecorder(services, charter!, auth!.user, params.campaignId, body, ip) } };
    },
  }),
  route({
    method: "get", path: "/charters/:id/indicators", tag: "followup", access: { charter: "compliance:read" },
    summary: "The indicators of the signed charter (its commitments' and its objectives'), each with its code, unit, direction, source, method, baseline, target, responsible organisation and values.",
    responds: "`{indicators: [{id, code, label, kind, unit, direction, baseline, target, organisationId, values: [{period, value, final, origin, enteredBy, enteredAt}]}]}`.",
    async handle({ services, charter }) {
      return { body: { indicators: await indicatorsView(services.db, charter!.id) } };
    },
  }),
  route({
    method: "patch", path: "/charters/:id/indicators/:indicatorId", tag: "followup", access: { charter: "compliance:manage" }, body: indicatorBody,
    summary: "Change an indicator's definition (pilots): label, unit, direction, source, method, baseline and target (value and year), responsible organisation.",
    responds: "`{indicator}`.",
    async handle({ services, charter, auth, body, params, ip }) {
      await indicatorUpdater(services, charter!, auth!.user, params.indicatorId, body, ip);
      return { body: { indicator: (await indicatorsView(services.db, charter!.id)).find((i) => i.id == params.indicatorId) } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/indicators/:indicatorId/values", tag: "followup", access: { charter: "indicators:record" }, body: valueBody,
    summary: "Enter an indicator's value for a period (committee or pilots), provisional or final; a final value is not replaced, and a value a closed campaign froze (entered before its closing, for a period it covers) takes only its final value, which the closed campaign's report does not show.",
    responds: "201 `{value: {id, period, value, final}}`; 409 `value_final` or `value_frozen`.",
    async handle({ services, charter, auth, body, params, ip }) {
      const [id] = await indicatorValuesRecorder(services, charter!, auth!.user, [{ indicatorId: params.indicatorId, ...body }], "manual", ip);
      return { status: 201, body: { value: { id, ...body } } };
    },
  }),
  route({
    method: "post", path: "/charters/:id/indicators/import", tag: "followup", access: { charter: "indicators:record" },
    summary: "Import indicator values from a CSV file (body `text/csv`, UTF-8, `;` or `,`, columns `indicateur;période;valeur`, optional `définitive`): all rows or none.",
    responds: "201 `{imported}`; 400 `{error, errors: [{line, column, message}]}` when any row is bad (nothing imported); 409 `value_final` or `value_frozen` as for a value typed in (nothing imported).",
    consumes: { "text/csv": { type: "string", description: "UTF-8; header `indicateur;période;valeur` (or with `,`), optional column `définitive` (oui/non)." } },
    async handle({ services, charter, auth, request, ip }) {
      if (!/^text\/(csv|plain)/i.test(request.get("content-type") ?? "")) throw new HttpError(415, "unsupported_media_type", "Envoyez le fichier en text/csv (UTF-8).");
      const bytes = await readRawBody(request, CSV_LIMIT);
      let text: string;
      try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch { throw badRequest("invalid_encoding", "Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » et réessayez."); }
      const indicators = await services.db("indicators").where({ charter_id: charter!.id }).select("id", "code");
      const byCode = new Map(indicators.map((i) => [i.code as string, i.id as string]));
      const { values, problems } = parseValuesCsv(text, new Set(byCode.keys()));
      if (problems.length) {
        const error = badRequest("invalid_csv", `Le fichier n'a pas été importé : ${problems.length} erreur${problems.length > 1 ? "s" : ""} à corriger.`);
        return { status: 400, body: { ...error.toJSON(), errors: problems.slice(0, 1000) } };
      }
      if (!values.length) throw badRequest("empty_csv", "Le fichier ne contient aucune valeur.");
      await indicatorValuesRecorder(services, charter!, auth!.user, values.map((v) => ({ indicatorId: byCode.get(v.code)!, period: v.period, value: v.value, final: v.final })), "import", ip);
      return { status: 201, body: { imported: values.length } };
    },
  }),
];
