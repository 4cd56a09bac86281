import { createHash } from "node:crypto";
import { theOrganisation } from "../../shared/organisationNames.js";

/** What the consent sentence speaks of. */
export interface ConsentSubject {
  charterTitle: string;
  versionNumber: number;
  versionLabel: string;
  versionHash: string;
  organisationName: string;
}

/**
 * The sentence a signatory ticks before signing, made by the server (the
 * client shows it as it is given) and stored verbatim with its SHA-256, so
 * the evidence file says exactly what was consented to.
 */
export function consentText(s: ConsentSubject): string {
  return (
    `J'ai lu la version ${s.versionNumber} « ${s.versionLabel} » de la charte « ${s.charterTitle} », ` +
    `dont l'empreinte SHA-256 est ${s.versionHash}. Je la signe électroniquement au nom de ${theOrganisation(s.organisationName)}, ` +
    "et je reconnais que cette signature, donnée après m'être de nouveau authentifié(e), engage l'organisation que je représente."
  );
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");
