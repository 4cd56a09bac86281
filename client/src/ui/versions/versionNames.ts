import { formatDateTime } from "../../format.js";
import { ofTheVersion as of, theVersion as the, versionName, versionShortName, type NameableVersion } from "../../../../server/shared/versionNames.js";

/** « V3 », or « Point de sauvegarde du 1 déc. 2026, 10:05 » (the user's time zone). */
export const versionTitle = (v: NameableVersion): string => versionShortName(v, formatDateTime);

/** « V3 « Après le comité » », or a checkpoint's title. */
export const versionFullName = (v: NameableVersion): string => versionName(v, formatDateTime);

/** « la version V3 » (« la version V3 « … » » if `full`), or « le point de sauvegarde du … ». */
export const theVersion = (v: NameableVersion, full = false): string => the(v, formatDateTime, full);

/** « de la version V3 », or « du point de sauvegarde du … ». */
export const ofTheVersion = (v: NameableVersion): string => of(v, formatDateTime);
