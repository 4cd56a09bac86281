import type { Knex } from "knex";
import type { CharterRow } from "../../store/rows.js";
import { getCharter, listSignatories } from "../../store/charters.js";
import { getVersion } from "../../store/versions.js";
import type { CampaignRow } from "../../store/campaigns.js";
import type { RoundRow } from "../../store/signing.js";
import { departementByCode } from "../../shared/departements.js";
import { publicSignedCharter } from "../signing/verify/verificationReport.js";
import { publicSynthesis } from "./publicSynthesis.js";

/**
 * The public page of a published signed charter, or null when there is none
 * (unknown, not signed, or not published: the caller cannot tell which).
 * A whitelist: the signed version's text and hash, the signatories as the
 * signed PDF shows them (organisation, signer's name and capacity, date),
 * the dates in force, and the counts of the last closed campaign. No email,
 * user id, draft, comment, narrative or evidence.
 */
export async function publicCharter(db: Knex, charterId: string) {
  // Ids are UUIDs: anything else is unknown, without asking the database (PostgreSQL would refuse a bad uuid anyway).
  if (!/^[0-9a-f-]{36}$/i.test(charterId)) return null;
  const charter: CharterRow | undefined = await getCharter(db, charterId);
  if (!charter || charter.state != "signed" || !charter.published_at) return null;
  const round = await db<RoundRow>("approval_rounds").where({ charter_id: charter.id, closed_reason: "signed" }).orderBy("closed_at", "desc").first();
  if (!round) return null;
  const signed = await publicSignedCharter(db, round);
  const version = await getVersion(db, charter.id, round.version_id);
  if (!signed || !version) return null;
  const campaign = await db<CampaignRow>("campaigns").where({ charter_id: charter.id, state: "closed" }).orderBy("closed_at", "desc").first();
  const departement = departementByCode(charter.department_code);
  return {
    charter: {
      id: charter.id, title: charter.title, departement: { code: charter.department_code, name: departement?.name ?? charter.department_code },
      effectiveDate: charter.effective_date, endDate: charter.end_date, publishedAt: charter.published_at,
    },
    version: { number: version.named_number ?? version.number, label: version.label, hash: version.hash, document: JSON.parse(version.document) as unknown },
    // The organisations the text names as responsible for its commitments (public bodies, by name).
    organisations: (await listSignatories(db, charter.id)).map((o) => ({ id: o.id, name: o.name, kind: o.kind, departmentCode: o.department_code })),
    signatories: signed.signatures.map((s) => ({ organisation: s.organisation, signer: s.signer, capacity: s.capacity, delegation: s.delegation, signedAt: s.signedAt })),
    synthesis: campaign ? await publicSynthesis(db, charter, campaign) : null,
  };
}

/** The answer of `GET /api/public/charters/:id`. */
export type PublicCharter = NonNullable<Awaited<ReturnType<typeof publicCharter>>>;
