import { route } from "../route.js";
import { invalidField } from "../errors.js";
import { buildDashboard } from "../../domain/followup/dashboardModel.js";

const CAMPAIGN_ID = /^[A-Za-z0-9-]{1,36}$/;

/** The follow-up dashboard of a signed charter (issue 11). */
export const dashboardRoutes = [
  route({
    method: "get", path: "/charters/:id/dashboard", tag: "followup", access: { charter: "compliance:read" },
    query: { campaign: "The campaign's id; by default the campaign open or in review, else the latest closed." },
    summary: "The charter's follow-up dashboard for a campaign: commitments counted by status (declared in the campaign, else a « Réalisé » or « Sans objet » carried from an earlier one, else « Non renseigné ») and by appraisal, overall and per organisation, procedure stage and article, with « En retard » computed; the overdue commitments; the headline share « Réalisés / échus, hors sans objet »; and per indicator its unit, direction, source, method, baseline, target, values per period, trajectory and progress category. A closed campaign is shown from its snapshot, as it was frozen.",
    responds: "`{charter, campaign, campaigns, referenceDay, legend, headline: {numerator, denominator, share, fallenDue, notDeclared, withoutObject}, distribution, byOrganisation, byStage, byArticle, overdue, commitments, indicators}`; 404 for a campaign that is not one of this charter's.",
    async handle({ services, charter, query }) {
      const asked = query.campaign;
      if (asked !== undefined && (typeof asked != "string" || !CAMPAIGN_ID.test(asked)))
        throw invalidField("campaign", "Le paramètre « campaign » est l'identifiant d'une campagne, donné une fois.");
      return { body: await buildDashboard(services.db, charter!, asked || undefined) };
    },
  }),
];
