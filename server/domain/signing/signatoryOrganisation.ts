import type { Knex } from "knex";
import { forbidden } from "../../http/errors.js";
import { listSignatories } from "../../store/charters.js";
import type { MembershipRow, OrganisationRow } from "../../store/rows.js";

/**
 * The signatory organisation a member acts for: the one their membership of
 * the charter names, if it is one of the charter's signatories. Approving and
 * signing are acts of an organisation, never of a person alone.
 */
export async function signatoryOrganisation(db: Knex, charterId: string, membership: MembershipRow): Promise<OrganisationRow> {
  const organisation = membership.organisation_id ? (await listSignatories(db, charterId)).find((o) => o.id == membership.organisation_id) : undefined;
  if (!organisation) throw forbidden("Votre compte n'est rattaché à aucune organisation signataire de cette charte : vous ne pouvez ni approuver ni signer pour elle.");
  return organisation;
}
