/**
 * Kinds of partner organisation that take part in a departmental charter.
 * Templates assign each commitment to a kind; when a charter is created, the
 * kind is resolved to one of the charter's signatory organisations.
 */
export const PARTNER_KINDS = {
  prefecture: "Préfecture / DDETS",
  departement: "Conseil départemental (FSL)",
  caf: "CAF",
  msa: "MSA",
  bailleur_social: "Bailleur social",
  bailleurs_prives: "Représentants des bailleurs privés",
  adil: "ADIL",
  commissaires_justice: "Chambre des commissaires de justice",
  justice: "Tribunal judiciaire / CDAD / barreau",
  banque_de_france: "Banque de France",
  ccas: "CCAS / commune",
  action_logement: "Action Logement",
  association: "Association / UDAF",
  siao: "SIAO / 115",
} as const;

/** A kind of partner, e.g. `caf`. */
export type PartnerKind = keyof typeof PARTNER_KINDS;

/** Whether `value` names a known partner kind. */
export function isPartnerKind(value: string): value is PartnerKind {
  return Object.prototype.hasOwnProperty.call(PARTNER_KINDS, value);
}

/** All partner kinds, in display order. */
export const partnerKinds = Object.keys(PARTNER_KINDS) as PartnerKind[];
