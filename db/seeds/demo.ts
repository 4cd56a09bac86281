import { randomUUID } from "node:crypto";
import type { Services } from "../../server/services.js";
import { hashPassword } from "../../server/auth/passwords.js";
import { insertOrganisation } from "../../server/store/organisations.js";
import { insertUser } from "../../server/store/users.js";
import { insertMembership } from "../../server/store/memberships.js";
import { charterCreator } from "../../server/domain/commands/charterCreator.js";
import { now, type OrganisationRow, type UserRow } from "../../server/store/rows.js";
import type { PartnerKind } from "../../server/shared/partners.js";
import type { Role } from "../../server/shared/roles.js";

/** The password of every demo account. Never use demo accounts in production. */
export const DEMO_PASSWORD = "charte-demo";
export const DEMO_DEPARTEMENT = "49";
export const DEMO_TEMPLATE = "charte-departementale";

const ORGANISATIONS: { key: string; name: string; kind: PartnerKind; signatory: string; signatoryName: string; jobTitle: string }[] = [
  { key: "prefecture", name: "Préfecture de Maine-et-Loire — DDETS", kind: "prefecture", signatory: "signataire@example.org", signatoryName: "Philippe Garnier", jobTitle: "Préfet de Maine-et-Loire" },
  { key: "departement", name: "Conseil départemental de Maine-et-Loire", kind: "departement", signatory: "signataire.departement@example.org", signatoryName: "Hélène Rousseau", jobTitle: "Présidente du Conseil départemental" },
  { key: "caf", name: "CAF de Maine-et-Loire", kind: "caf", signatory: "signataire.caf@example.org", signatoryName: "Marc Lefèvre", jobTitle: "Directeur de la CAF" },
  { key: "msa", name: "MSA Maine-et-Loire", kind: "msa", signatory: "signataire.msa@example.org", signatoryName: "Sylvie Moreau", jobTitle: "Directrice générale de la MSA" },
  { key: "bailleur", name: "Loire Habitat Social (bailleur social)", kind: "bailleur_social", signatory: "signataire.bailleur@example.org", signatoryName: "Antoine Girard", jobTitle: "Directeur général" },
  { key: "proprietaires", name: "Union des propriétaires bailleurs de Maine-et-Loire", kind: "bailleurs_prives", signatory: "signataire.proprietaires@example.org", signatoryName: "Catherine Faure", jobTitle: "Présidente" },
  { key: "adil", name: "ADIL de Maine-et-Loire", kind: "adil", signatory: "signataire.adil@example.org", signatoryName: "Nicolas Blanc", jobTitle: "Directeur de l'ADIL" },
  { key: "commissaires", name: "Chambre départementale des commissaires de justice", kind: "commissaires_justice", signatory: "signataire.commissaires@example.org", signatoryName: "Isabelle Chevalier", jobTitle: "Présidente de la chambre" },
  { key: "justice", name: "Tribunal judiciaire d'Angers", kind: "justice", signatory: "signataire.justice@example.org", signatoryName: "François Mercier", jobTitle: "Président du tribunal judiciaire" },
  { key: "bdf", name: "Banque de France — succursale d'Angers", kind: "banque_de_france", signatory: "signataire.bdf@example.org", signatoryName: "Laurence Dupuis", jobTitle: "Directrice départementale" },
  { key: "ccas", name: "CCAS de Beaulieu-sur-Loire", kind: "ccas", signatory: "signataire.ccas@example.org", signatoryName: "Pierre Lambert", jobTitle: "Vice-président du CCAS" },
  { key: "action_logement", name: "Action Logement Services — Pays de la Loire", kind: "action_logement", signatory: "signataire.action-logement@example.org", signatoryName: "Sophie Bonnet", jobTitle: "Directrice régionale" },
  { key: "association", name: "Association Toit et Droits 49", kind: "association", signatory: "signataire.association@example.org", signatoryName: "Karim Haddad", jobTitle: "Président de l'association" },
  { key: "siao", name: "SIAO de Maine-et-Loire (115)", kind: "siao", signatory: "signataire.siao@example.org", signatoryName: "Émilie Roux", jobTitle: "Directrice du SIAO" },
];

/** The demo accounts with a role on the demo charter (besides one signatory per organisation). */
const PEOPLE: { email: string; name: string; jobTitle: string; org: string; role: Role; admin?: boolean }[] = [
  { email: "pilote@example.org", name: "Claire Martin", jobTitle: "Cheffe du service logement, DDETS", org: "prefecture", role: "pilot", admin: true },
  { email: "redacteur@example.org", name: "Julien Bernard", jobTitle: "Chargé de mission FSL", org: "departement", role: "editor" },
  { email: "comite@example.org", name: "Nathalie Petit", jobTitle: "Secrétaire de la CCAPEX", org: "departement", role: "committee" },
  { email: "lecteur@example.org", name: "Mohamed Benali", jobTitle: "Représentant des usagers", org: "association", role: "reader" },
];

/** A demo login, as printed at start-up and listed in the README. */
export interface DemoLogin {
  email: string;
  role: Role;
  who: string;
}

/**
 * Seeds the demo département when the database has no user yet: its partner
 * organisations, one account per role, one signatory per organisation, and a
 * charter made from the template. Returns the logins, or null if the
 * database was not empty.
 */
export async function seedDemo(services: Services): Promise<DemoLogin[] | null> {
  const { db } = services;
  if (await db("users").first("id")) return null;
  const at = now();
  const orgs = new Map<string, OrganisationRow>();
  for (const o of ORGANISATIONS) orgs.set(o.key, { id: randomUUID(), name: o.name, kind: o.kind, department_code: DEMO_DEPARTEMENT, created_at: at });

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const user = (email: string, name: string, jobTitle: string, orgKey: string, admin = false): UserRow => ({
    id: randomUUID(), email, name, job_title: jobTitle, password_hash: passwordHash,
    organisation_id: orgs.get(orgKey)!.id, platform_role: admin ? "admin" : "member", created_at: at,
  });
  const people = PEOPLE.map((p) => ({ row: user(p.email, p.name, p.jobTitle, p.org, p.admin), role: p.role }));
  const signatories = ORGANISATIONS.map((o) => ({ row: user(o.signatory, o.signatoryName, o.jobTitle, o.key), role: "signatory" as Role }));

  await db.transaction(async (trx) => {
    for (const org of orgs.values()) await insertOrganisation(trx, org);
    for (const p of [...people, ...signatories]) await insertUser(trx, p.row);
  });

  const pilot = people[0].row;
  const { charter } = await charterCreator(services, pilot, {
    title: "Charte pour la prévention de l'expulsion locative en Maine-et-Loire 2027-2032",
    template: DEMO_TEMPLATE,
    departmentCode: DEMO_DEPARTEMENT,
    signatoryIds: [...orgs.values()].map((o) => o.id),
  }, null);

  await db.transaction(async (trx) => {
    for (const p of [...people.slice(1), ...signatories]) {
      await insertMembership(trx, {
        id: randomUUID(), charter_id: charter.id, user_id: p.row.id, role: p.role, organisation_id: p.row.organisation_id,
        created_by: pilot.id, created_at: at, updated_at: at,
      });
    }
  });

  return [
    ...PEOPLE.map((p) => ({ email: p.email, role: p.role, who: `${p.name}, ${p.jobTitle}` })),
    ...ORGANISATIONS.map((o) => ({ email: o.signatory, role: "signatory" as Role, who: `${o.signatoryName}, ${o.jobTitle}` })),
  ];
}
