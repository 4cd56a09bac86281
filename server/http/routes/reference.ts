import { randomUUID } from "node:crypto";
import { z } from "zod";
import { route } from "../route.js";
import { identifier, text } from "../fields.js";
import { listOrganisations, insertOrganisation } from "../../store/organisations.js";
import { recordAudit } from "../../store/audit.js";
import { now, type OrganisationRow } from "../../store/rows.js";
import { presentOrganisation } from "../presenters.js";
import { summarizeTemplate } from "../../templates/summary.js";
import { partnerKinds, PARTNER_KINDS } from "../../shared/partners.js";
import { departementByCode, DEPARTEMENTS } from "../../shared/departements.js";
import { conflict, invalidField } from "../errors.js";

const organisationBody = z.object({
  name: text({ required: "Indiquez le nom de l'organisation.", min: 2, max: 200, maxMessage: "Nom trop long (200 caractères au plus)." }),
  kind: z.enum(partnerKinds, { error: "Choisissez le type de partenaire." }),
  departmentCode: identifier("Choisissez le département."),
});

export const referenceRoutes = [
  route({
    method: "get", path: "/health", tag: "system", access: { public: true },
    summary: "Whether the server and its database answer.",
    responds: "`{status: \"ok\", database}`.",
    async handle({ services }) {
      await services.db.raw("select 1");
      return { body: { status: "ok", database: services.config.databaseUrl ? "postgresql" : "sqlite" } };
    },
  }),
  route({
    method: "get", path: "/templates", tag: "charters", access: { user: true },
    summary: "The charter templates a charter can be created from.",
    responds: "`{templates: [{id, name, description, defaultTitle (with `{département}`), durationYears, sections, clauses, commitments, partnerKinds}]}`.",
    async handle({ services }) {
      const templates = [...services.templates.templates.values()].map((t) => ({ id: t.id, name: t.name, description: t.description, defaultTitle: t.doc.firstChild!.textContent, durationYears: t.durationYears, ...summarizeTemplate(t) }));
      return { body: { templates } };
    },
  }),
  route({
    method: "get", path: "/reference", tag: "system", access: { user: true },
    summary: "Départements and partner kinds, for forms.",
    responds: "`{departements, partnerKinds}`.",
    async handle() {
      return { body: { departements: DEPARTEMENTS, partnerKinds: partnerKinds.map((id) => ({ id, label: PARTNER_KINDS[id] })) } };
    },
  }),
  route({
    method: "get", path: "/organisations", tag: "organisations", access: { user: true },
    summary: "Partner organisations, optionally of one département (`?departement=49`).",
    responds: "`{organisations: [{id, name, kind, departmentCode}]}`.",
    async handle({ services, query }) {
      const code = typeof query.departement == "string" ? query.departement : undefined;
      return { body: { organisations: (await listOrganisations(services.db, code)).map(presentOrganisation) } };
    },
  }),
  route({
    method: "post", path: "/organisations", tag: "organisations", access: { platform: "organisations:create" }, body: organisationBody,
    summary: "Add a partner organisation (administrators and pilots).",
    responds: "201 `{organisation}`; 409 if the département already has an organisation of that name.",
    async handle({ services, body, auth, ip }) {
      if (!departementByCode(body.departmentCode)) throw invalidField("departmentCode", "Département inconnu.");
      const existing = await listOrganisations(services.db, body.departmentCode);
      if (existing.some((o) => o.name.toLowerCase() == body.name.toLowerCase()))
        throw conflict("organisation_exists", `L'organisation « ${body.name} » existe déjà dans ce département.`);
      const org: OrganisationRow = { id: randomUUID(), name: body.name, kind: body.kind, department_code: body.departmentCode, created_at: now() };
      await services.db.transaction(async (trx) => {
        await insertOrganisation(trx, org);
        await recordAudit(trx, { actorId: auth!.user.id, action: "organisation.created", subjectType: "organisation", subjectId: org.id, ip, details: { name: org.name, kind: org.kind } });
      });
      return { status: 201, body: { organisation: presentOrganisation(org) } };
    },
  }),
];
