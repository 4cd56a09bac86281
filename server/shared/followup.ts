/**
 * The words of the follow-up of a signed charter (issue 11), shared by the
 * server and the client: declared statuses, appraisals, outcomes and
 * campaign states, with their French labels. Three layers never merged: what
 * an organisation declares, the indicators' values, and the review.
 */

export const DECLARATION_STATUSES = {
  non_engage: "Non engagé",
  en_cours: "En cours",
  realise: "Réalisé",
  bloque: "Bloqué",
  abandonne: "Abandonné",
  sans_objet: "Sans objet",
} as const;
export type DeclarationStatus = keyof typeof DECLARATION_STATUSES;

/** Statuses that must say why: a reason for a blocked commitment, a justification for one abandoned or without object. */
export const STATUSES_NEEDING_REASON: Record<string, string> = {
  bloque: "Indiquez ce qui bloque la réalisation de l'engagement.",
  abandonne: "Justifiez l'abandon de l'engagement.",
  sans_objet: "Justifiez pourquoi l'engagement est sans objet.",
};

/** Shown where nothing was declared: never stored. */
export const NOT_DECLARED = "Non renseigné";
/** Computed (due date passed, not « Réalisé » nor « Sans objet »): never stored. */
export const OVERDUE = "En retard";
/** Declared statuses after which a commitment past its due date is not « En retard »: done, or without object (justified). */
export const STATUSES_NOT_OVERDUE: readonly DeclarationStatus[] = ["realise", "sans_objet"];

/** The review scale (after the Open Government Partnership's completion scale). */
export const APPRAISALS = {
  aucun_element: "Aucun élément probant",
  non_commence: "Non commencé",
  limite: "Limité",
  substantiel: "Substantiel",
  complet: "Complet",
} as const;
export type Appraisal = keyof typeof APPRAISALS;

/** Shown where a declaration has no appraisal yet (or nothing was declared): never stored. */
export const NOT_APPRAISED = "Pas encore apprécié";

export const APPRAISAL_OUTCOMES = {
  valide: "Validé",
  a_completer: "À compléter",
  conteste: "Contesté",
} as const;
export type AppraisalOutcome = keyof typeof APPRAISAL_OUTCOMES;

/** Outcomes that send a declaration back to its organisation, which may answer once. */
export const OUTCOMES_ASKING_ANSWER: AppraisalOutcome[] = ["a_completer", "conteste"];

export const CAMPAIGN_STATES = {
  open: "Ouverte aux déclarations",
  in_review: "En revue",
  closed: "Close",
} as const;
export type CampaignState = keyof typeof CAMPAIGN_STATES;

export const DIRECTIONS = { up: "↑ à la hausse", down: "↓ à la baisse" } as const;

/**
 * An indicator's progress category, computed (never declared) from its
 * direction, baseline, target and latest yearly value, as Open SDG does; see
 * `server/domain/followup/progressCategory.ts`.
 */
export const PROGRESS_CATEGORIES = {
  cible_atteinte: "Cible atteinte",
  en_bonne_voie: "En bonne voie",
  progres_a_accelerer: "Progrès à accélérer",
  progres_limite: "Progrès limité",
  degradation: "Dégradation",
  donnees_insuffisantes: "Données insuffisantes",
} as const;
export type ProgressCategory = keyof typeof PROGRESS_CATEGORIES;
