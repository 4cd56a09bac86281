import type { Departement } from "./departements.js";

/**
 * How a département's name takes an article in French, as INSEE's official
 * geographic code records it (its « type de nom en clair »): « le Nord »,
 * « la Gironde », « les Landes », « l'Ain », or no article at all
 * (« Maine-et-Loire », « Paris », « Vaucluse », « La Réunion », whose article
 * is part of the name). A template says « le préfet de [département] »;
 * this is what turns it into « du Nord », « de la Gironde », « de l'Ain »,
 * « d'Ille-et-Vilaine » or « de Maine-et-Loire ».
 */
type Article = "" | "le" | "la" | "les" | "l'";

const ARTICLES: Record<string, Article> = {
  "01": "l'", "02": "l'", "03": "l'", "04": "les", "05": "les", "06": "les", "07": "l'", "08": "les", "09": "l'",
  "10": "l'", "11": "l'", "12": "l'", "13": "les", "14": "le", "15": "le", "16": "la", "17": "la", "18": "le", "19": "la",
  "2A": "la", "2B": "la", "21": "la", "22": "les", "23": "la", "24": "la", "25": "le", "26": "la", "27": "l'", "28": "",
  "29": "le", "30": "le", "31": "la", "32": "le", "33": "la", "34": "l'", "35": "", "36": "l'", "37": "", "38": "l'",
  "39": "le", "40": "les", "41": "", "42": "la", "43": "la", "44": "la", "45": "le", "46": "le", "47": "", "48": "la",
  "49": "", "50": "la", "51": "la", "52": "la", "53": "la", "54": "", "55": "la", "56": "le", "57": "la", "58": "la",
  "59": "le", "60": "l'", "61": "l'", "62": "le", "63": "le", "64": "les", "65": "les", "66": "les", "67": "le", "68": "le",
  "69": "le", "70": "la", "71": "", "72": "la", "73": "la", "74": "la", "75": "", "76": "la", "77": "", "78": "les",
  "79": "les", "80": "la", "81": "le", "82": "", "83": "le", "84": "", "85": "la", "86": "la", "87": "la", "88": "les",
  "89": "l'", "90": "le", "91": "l'", "92": "les", "93": "la", "94": "le", "95": "le",
  "971": "la", "972": "la", "973": "la", "974": "", "976": "",
};

/** The article of a département's name; throws for a code this table does not know, so a new département cannot be forgotten silently. */
function articleOf(departement: Departement): Article {
  const article = ARTICLES[departement.code];
  if (article === undefined) throw new RangeError(`No article recorded for département ${departement.code} (${departement.name})`);
  return article;
}

/** The name with its article: « le Nord », « l'Ain », « Maine-et-Loire ». */
export function departementWithArticle(departement: Departement): string {
  const article = articleOf(departement);
  return article == "l'" ? `l'${departement.name}` : article ? `${article} ${departement.name}` : departement.name;
}

/** « de » and the name, contracted as French wants: « du Nord », « des Landes », « de la Gironde », « de l'Ain », « d'Eure-et-Loir », « de Maine-et-Loire ». */
export function ofDepartement(departement: Departement): string {
  switch (articleOf(departement)) {
    case "le": return `du ${departement.name}`;
    case "les": return `des ${departement.name}`;
    case "la": return `de la ${departement.name}`;
    case "l'": return `de l'${departement.name}`;
    default: return /^[AEIOUYÉÈÊ]/i.test(departement.name) ? `d'${departement.name}` : `de ${departement.name}`;
  }
}
