import type { PartnerKind } from "../../shared/partners.js";

/** A quantitative objective or follow-up indicator of the departmental template (its sections 4 and 12). */
export interface ObjectiveDefinition {
  code: string;
  label: string;
  unit: string;
  direction: "up" | "down";
  source: string;
  method: string;
  /** Known targets from the template's wording (value and the charter's last year are set when seeded). */
  target?: number;
  /** Which kind of partner answers for it, when the template says so. */
  responsible?: PartnerKind;
}

/**
 * The template's objectives (section 4, « Objectifs quantitatifs ») and
 * follow-up indicators (section 12, « Indicateurs de suivi ») as indicators,
 * close to the national procedure dashboard. Baselines are set by the first
 * committee (section 4), so they start empty and pilots fill them in.
 */
export const TEMPLATE_OBJECTIVES: ObjectiveDefinition[] = [
  { code: "DSF_COUVERTURE", label: "Part des assignations donnant lieu à un diagnostic social et financier transmis au juge", unit: "%", direction: "up", source: "Département (opérateur du DSF), EXPLOC", method: "DSF transmis au juge avant l'audience / assignations notifiées au préfet, sur l'année civile", target: 80, responsible: "departement" },
  { code: "FSL_DELAI_1_MOIS", label: "Part des décisions du FSL relatives au maintien rendues dans le délai d'un mois", unit: "%", direction: "up", source: "Département (FSL)", method: "Décisions de maintien rendues dans le mois suivant un dossier complet / décisions de maintien rendues", target: 90, responsible: "departement" },
  { code: "ASSIGNATIONS", label: "Nombre d'assignations pour dette locative", unit: "nombre", direction: "down", source: "EXPLOC (DDETS)", method: "Assignations aux fins de résiliation du bail notifiées au préfet dans l'année", responsible: "prefecture" },
  { code: "CFP_EXAMEN_RELOGEMENT", label: "Part des ménages concernés par un octroi du concours de la force publique dont le relogement ou l'hébergement a été examiné avant la décision", unit: "%", direction: "up", source: "DDETS, SIAO", method: "Situations examinées avant la décision d'octroi / décisions d'octroi", target: 100, responsible: "prefecture" },
  { code: "PRESENCE_AUDIENCE", label: "Part des locataires présents ou représentés à l'audience", unit: "%", direction: "up", source: "Tribunal judiciaire, CDAD", method: "Locataires présents ou représentés / affaires d'expulsion audiencées", target: 50, responsible: "justice" },
  { code: "IMPAYES_SIGNALES", label: "Nombre d'impayés signalés aux organismes payeurs", unit: "nombre", direction: "down", source: "CAF, MSA", method: "Signalements d'impayés reçus dans l'année, parcs social et privé", responsible: "caf" },
  { code: "PLANS_APUREMENT", label: "Nombre de plans d'apurement conclus", unit: "nombre", direction: "up", source: "CAF, MSA, bailleurs", method: "Plans d'apurement conclus dans l'année", responsible: "caf" },
  { code: "COMMANDEMENTS_PAYER", label: "Nombre de commandements de payer signalés à la CCAPEX", unit: "nombre", direction: "down", source: "EXPLOC (commissaires de justice)", method: "Commandements de payer signalés dans l'année", responsible: "commissaires_justice" },
  { code: "CCAPEX_SITUATIONS", label: "Nombre de situations étudiées par la CCAPEX", unit: "nombre", direction: "up", source: "Secrétariat de la CCAPEX", method: "Situations examinées en séance dans l'année", responsible: "prefecture" },
  { code: "CCAPEX_AVIS_SUIVIS", label: "Part des avis et recommandations de la CCAPEX suivis par les décideurs", unit: "%", direction: "up", source: "Secrétariat de la CCAPEX", method: "Avis suivis / avis rendus", responsible: "prefecture" },
  { code: "RESILIATIONS", label: "Nombre de décisions de résiliation du bail", unit: "nombre", direction: "down", source: "EXPLOC", method: "Décisions de justice prononçant la résiliation du bail ou l'expulsion dans l'année", responsible: "prefecture" },
  { code: "CQL", label: "Nombre de commandements de quitter les lieux", unit: "nombre", direction: "down", source: "EXPLOC", method: "Commandements de quitter les lieux délivrés dans l'année", responsible: "prefecture" },
  { code: "CFP_DEMANDES", label: "Nombre de demandes de concours de la force publique", unit: "nombre", direction: "down", source: "EXPLOC (préfecture)", method: "Réquisitions de la force publique reçues dans l'année", responsible: "prefecture" },
  { code: "CFP_OCTROIS", label: "Nombre de décisions accordant le concours de la force publique", unit: "nombre", direction: "down", source: "EXPLOC (préfecture)", method: "Décisions d'octroi prises dans l'année", responsible: "prefecture" },
  { code: "EXPULSIONS", label: "Nombre d'expulsions réalisées avec le concours de la force publique", unit: "nombre", direction: "down", source: "EXPLOC (préfecture)", method: "Interventions effectives de la force publique dans l'année", responsible: "prefecture" },
  { code: "MENAGES_ACCOMPAGNES", label: "Nombre de ménages accompagnés, relogés ou hébergés", unit: "nombre", direction: "up", source: "Département, SIAO, bailleurs", method: "Ménages en procédure ayant bénéficié d'un accompagnement, d'un relogement ou d'un hébergement dans l'année", responsible: "departement" },
];
