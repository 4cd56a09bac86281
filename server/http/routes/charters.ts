import { z } from "zod";
import { route } from "../route.js";
import { identifier, text } from "../fields.js";
import { charterCreator } from "../../domain/commands/charterCreator.js";
import { readDocumentJSON } from "../../domain/documents.js";
import { listChartersOfUser, listSignatories } from "../../store/charters.js";
import { presentCharter } from "../presenters.js";
import { awaitingOf } from "../../domain/signing/awaiting.js";

/** A charter's title, when it is created or renamed. */
export const charterTitle = () =>
  text({ required: "Indiquez le titre de la charte.", min: 3, minMessage: "Le titre doit faire au moins 3 caractères visibles.", max: 300, maxMessage: "Titre trop long (300 caractères au plus)." });

const createBody = z.object({
  title: charterTitle(),
  template: identifier("Choisissez un modèle de charte."),
  departmentCode: identifier("Choisissez le département."),
  signatoryIds: z.array(identifier("Organisation signataire invalide."), { error: "Choisissez les organisations signataires." }).max(100).default([]),
  startYear: z.number({ error: "Indiquez la première année de la charte (AAAA)." }).int("Indiquez la première année de la charte (AAAA).").superRefine((year, ctx) => {
    // A charter already running may be brought in; one is rarely planned more than a few years ahead.
    const now = new Date().getUTCFullYear();
    if (year < now - 5 || year > now + 5) ctx.addIssue({ code: "custom", message: `La première année de la charte doit être comprise entre ${now - 5} et ${now + 5}.` });
  }).optional(),
  durationYears: z.number({ error: "Indiquez la durée de la charte en années." })
    .int("La durée de la charte est un nombre entier d'années.")
    .min(1, "La charte dure au moins un an.")
    .max(6, "La charte dure six ans au plus (décret n° 2016-393).")
    .optional(),
});

export const charterRoutes = [
  route({
    method: "get", path: "/charters", tag: "charters", access: { user: true },
    summary: "The charters the user is a member of, with their role and abilities, and what each awaits from a signatory (`awaiting`: approve, sign or null).",
    responds: "`{charters: [...]}`.",
    async handle({ services, auth }) {
      const rows = await listChartersOfUser(services.db, auth!.user.id);
      const awaiting = await awaitingOf(services.db, rows);
      return { body: { charters: rows.map((row) => ({ ...presentCharter(row, row.role), awaiting: awaiting.get(row.id) ?? null })) } };
    },
  }),
  route({
    method: "post", path: "/charters", tag: "charters", access: { platform: "charter:create" }, body: createBody,
    summary: "Create a charter from a template, for a département and its signatory organisations, starting in `startYear` (default: next year); the placeholders known then (département, years) are filled in; the creator becomes its pilot.",
    responds: "201 `{charter, unassignedCommitments}`.",
    async handle({ services, auth, body, ip }) {
      const { charter, unassignedCommitments } = await charterCreator(services, auth!.user, body, ip);
      const signatories = await listSignatories(services.db, charter.id);
      return { status: 201, body: { charter: presentCharter(charter, "pilot", { signatories }), unassignedCommitments } };
    },
  }),
  route({
    method: "get", path: "/charters/:id", tag: "charters", access: { charter: "charter:read" },
    summary: "One charter: state, département, signatory organisations, the caller's role and abilities.",
    responds: "`{charter}`.",
    async handle({ services, charter, membership }) {
      const signatories = await listSignatories(services.db, charter!.id);
      return { body: { charter: presentCharter(charter!, membership!.role, { signatories }) } };
    },
  }),
  route({
    method: "get", path: "/charters/:id/document", tag: "charters", access: { charter: "document:read" },
    summary: "The current draft as ProseMirror JSON (charter schema), including edits made a moment ago in the editor.",
    responds: "`{document}`.",
    async handle({ services, charter }) {
      return { body: { document: await readDocumentJSON(services, charter!.id) } };
    },
  }),
];
