/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 10;
