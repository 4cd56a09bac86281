/**
 * The collaboration protocol's constants, shared by the server and the
 * browser: y-websocket's message types plus Charte's own, close codes, and
 * limits. Close codes 4400–4499 are final: y-websocket does not reconnect.
 */

/** y-websocket message types (y-protocols). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Charte's message, both ways: "is everything I sent stored?". The client
 * sends `[100, seq]` after its updates; the server answers `[100, seq]` once
 * every update received before that request on the connection is committed
 * to the database (or was dropped, for read-only connections). Counting
 * requests rather than clocks also covers deletions, which advance no clock.
 */
export const MESSAGE_STORED = 100;

/** Charte's message: whether this connection may edit (varUint 1) or only read (0). */
export const MESSAGE_ACCESS = 101;

/**
 * Charte's message, server to client: something beside the text changed
 * (varString topic), so pages showing it load it again.
 */
export const MESSAGE_CHANGED = 102;

/** What `MESSAGE_CHANGED` names: comments, versions, or the charter itself (its state). */
export const CHANGE_TOPICS = ["comments", "versions", "signatures", "followup", "charter"] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/** Why the server closed a collaboration connection. */
export const CLOSE_CODES = {
  /** A message that is not y-websocket protocol, an update Yjs cannot decode, or one that depends on changes the server does not have. */
  badMessage: 4400,
  /** No token, or an invalid, expired or logged-out one. */
  unauthorized: 4401,
  /** Not a member of the charter, or no longer. */
  forbidden: 4403,
  /** No such charter. */
  notFound: 4404,
  /** A message over `MAX_MESSAGE_BYTES` (the ws library uses 1009 for frames over its own limit). */
  tooLarge: 4413,
  /** The client did not read what it was sent (a backlog over the limit), or said nothing after opening. */
  tooSlow: 4408,
  /** An update bringing content under a Yjs client id that belongs to another user (authorship would be forged). */
  foreignClient: 4409,
  /** An update whose result does not fit the charter schema, or that brings forbidden characters or hidden data. */
  invalidDocument: 4422,
  /** Too many messages of one kind, or too many connections for one user or address. */
  rateLimited: 4429,
  /** The server is shutting down; reconnect later. */
  goingAway: 1001,
  /** The server is restarting (a deploy, a rolling restart): y-websocket reconnects at once, to another instance or this one back. */
  serviceRestart: 1012,
  /** The charter is served by another instance now (or no instance can serve it yet): reconnect at once. */
  tryAgain: 1013,
} as const;

/** French explanations of the close codes, for the editor's banner. */
export const CLOSE_MESSAGES: Record<number, string> = {
  4400: "La connexion a été fermée : le serveur a reçu un message invalide.",
  4401: "Votre session a expiré : reconnectez-vous pour continuer à rédiger.",
  4403: "Vous n'avez plus accès à cette charte.",
  4404: "Cette charte n'existe pas.",
  4413: "Votre dernière modification est trop volumineuse pour être enregistrée.",
  4408: "La connexion a été fermée : elle ne répondait plus. Rechargez la page pour reprendre.",
  4409: "Votre dernière modification a été refusée : elle portait l'identifiant d'écriture d'un autre participant. Rechargez la page pour continuer.",
  4422: "Votre dernière modification ne respecte pas la structure de la charte et a été refusée.",
  4429: "Trop de connexions ou de messages en peu de temps : la connexion a été fermée. Patientez un instant, puis rechargez la page.",
};

/** The largest message a client may send, in bytes. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
