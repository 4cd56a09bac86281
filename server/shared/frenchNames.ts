/**
 * Whether « de » elides to « d' » before this name. The rule, kept to what
 * spelling can tell:
 * - before a vowel, accented or not, in any case: « d'Antoine », « d'Émilie », « d'Œdipe »;
 * - before a « y » that is a vowel, i.e. followed by a consonant: « d'Yves », « d'Yvonne »,
 *   but « de Yasmine », « de Yohan », where it is a consonant;
 * - never before « h »: spelling does not tell a mute h (« d'Hélène ») from an aspirated one
 *   (« de Hugues »), and a wrong « d'» reads worse than a missing one.
 */
export function elidesBefore(name: string): boolean {
  // Decomposed, an accented letter starts with its bare letter (« É » → « E » + accent).
  const start = name.normalize("NFD").toLowerCase();
  return /^[aeiouæœ]/.test(start) || /^y[^aeiouy\s]/.test(start);
}

/** « de » and a person's name (or email), elided where French elides it: « de Paul », « d'Antoine ». */
export function ofName(name: string): string {
  return elidesBefore(name) ? `d'${name}` : `de ${name}`;
}
