/**
 * An organisation named in a French sentence. Its name is free text
 * (« CAF de Maine-et-Loire », « Préfecture de Maine-et-Loire — DDETS »), and
 * French wants an article before it that depends on the name (la CAF, le
 * SIAO, l'ADIL): « au nom de CAF de Maine-et-Loire » is wrong. Naming it
 * « l'organisation … » is right whatever the name.
 */
export function theOrganisation(name: string): string {
  return `l'organisation ${name}`;
}
