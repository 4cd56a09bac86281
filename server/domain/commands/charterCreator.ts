import { randomUUID } from "node:crypto";
import type { Services } from "../../services.js";
import { departementByCode } from "../../shared/departements.js";
import type { PartnerKind } from "../../shared/partners.js";
import { instantiateTemplate } from "../../templates/instantiate.js";
import { getOrganisations } from "../../store/organisations.js";
import { insertCharter, insertSignatories } from "../../store/charters.js";
import { insertMembership } from "../../store/memberships.js";
import { recordAudit } from "../../store/audit.js";
import { now, type CharterRow, type UserRow } from "../../store/rows.js";
import { storeInitialDocument } from "../documents.js";
import { invalidField } from "../../http/errors.js";

export interface CharterInput {
  title: string;
  template: string;
  departmentCode: string;
  signatoryIds: string[];
  /** The charter's first year; the next calendar year if not given (drafting, consulting and signing take months). */
  startYear?: number;
  /** In years, from 1 to 6 (décret 2016-393); the template's, else six, if not given. */
  durationYears?: number;
}

/** The longest a charter may last (décret n° 2016-393, article 2). */
export const MAX_DURATION_YEARS = 6;

/**
 * Creates a charter from a template, in one transaction: the charter, its
 * signatory organisations, the creator as its first pilot, the first state of
 * its draft, and the audit record.
 */
export async function charterCreator(services: Services, creator: UserRow, input: CharterInput, ip: string | null): Promise<{ charter: CharterRow; unassignedCommitments: number }> {
  const template = services.templates.templates.get(input.template);
  if (!template) throw invalidField("template", `Modèle de charte inconnu : « ${input.template} ».`);
  const departement = departementByCode(input.departmentCode);
  if (!departement) throw invalidField("departmentCode", `Département inconnu : « ${input.departmentCode} ».`);
  const durationYears = input.durationYears ?? template.durationYears ?? MAX_DURATION_YEARS;
  if (!Number.isInteger(durationYears) || durationYears < 1 || durationYears > MAX_DURATION_YEARS)
    throw invalidField("durationYears", `La durée de la charte est un nombre entier d'années, de 1 à ${MAX_DURATION_YEARS} (décret n° 2016-393).`);
  const ids = [...new Set(input.signatoryIds)];
  const organisations = await getOrganisations(services.db, ids);
  if (organisations.length != ids.length) throw invalidField("signatoryIds", "Une des organisations signataires n'existe pas.");
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const ordered = ids.map((id) => byId.get(id)!);

  const { doc, unassigned } = instantiateTemplate(template, {
    departement,
    startYear: input.startYear ?? new Date().getUTCFullYear() + 1,
    title: input.title.trim(),
    durationYears,
    organisationForKind: (kind: PartnerKind) => ordered.find((o) => o.kind == kind)?.id ?? null,
  });
  const at = now();
  const charter: CharterRow = {
    id: randomUUID(),
    title: input.title.trim(),
    department_code: departement.code,
    template_id: template.id,
    state: "drafting",
    frozen_version_id: null,
    duration_years: durationYears,
    effective_date: null,
    end_date: null,
    created_by: creator.id,
    created_at: at,
    updated_at: at,
  };
  await services.db.transaction(async (trx) => {
    await insertCharter(trx, charter);
    await insertSignatories(trx, charter.id, ids);
    await insertMembership(trx, {
      id: randomUUID(), charter_id: charter.id, user_id: creator.id, role: "pilot",
      organisation_id: creator.organisation_id, created_by: creator.id, created_at: at, updated_at: at,
    });
    await storeInitialDocument(trx, charter.id, doc, creator.id);
    await recordAudit(trx, {
      actorId: creator.id, charterId: charter.id, action: "charter.created", subjectType: "charter", subjectId: charter.id, ip,
      details: { title: charter.title, template: template.id, departmentCode: departement.code, signatoryIds: ids, unassignedCommitments: unassigned, startYear: input.startYear ?? null, durationYears },
    });
  });
  return { charter, unassignedCommitments: unassigned };
}
