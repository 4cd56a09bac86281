import type { z } from "zod";
import type { Request } from "express";
import type { Services } from "../services.js";
import type { CharterAction, PlatformAction, Actor } from "../domain/policy.js";
import type { CharterRow, MembershipRow, UserRow } from "../store/rows.js";
import type { UserBudget } from "../config.js";

/** Who may call a route: anyone, any signed-in user, or those the policy allows. */
export type Access =
  | { public: true }
  | { user: true }
  | { platform: PlatformAction }
  | { charter: CharterAction };

/** The signed-in user of a request. */
export interface Auth {
  user: UserRow;
  sessionId: string;
  actor: Actor;
}

/** What a route handler receives: inputs already validated and authorized. */
export interface RouteContext<Body = unknown> {
  services: Services;
  auth: Auth | null;
  /** Set for `{charter: …}` routes: the charter and the caller's membership. */
  charter: CharterRow | null;
  membership: MembershipRow | null;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Body;
  ip: string | null;
  userAgent: string | null;
  /** The request itself, for the few routes that read a body other than JSON (an upload, a CSV file). */
  request: Request;
}

/** A file a route answers with, sent as a download (`Content-Disposition: attachment`). */
export interface RouteFile {
  contentType: string;
  /** The file's name as the user reads it (sent as RFC 5987 `filename*`). */
  filename: string;
  /** An ASCII name for clients that do not read `filename*`. */
  asciiFilename: string;
  data: Buffer;
}

/** What a handler returns: a JSON body, or a file. */
export interface RouteResult {
  status?: number;
  body?: unknown;
  file?: RouteFile;
}

/**
 * One REST route. Routes are declared as data so that the app enforces the
 * same order for all of them (authenticate → validate → load → authorize →
 * handle), and so that the OpenAPI document and the permission tests are
 * generated from the very list the server runs.
 */
export interface RouteDef<S extends z.ZodType = z.ZodType> {
  method: "get" | "post" | "patch" | "delete";
  /** Express-style path under `/api`, e.g. `/charters/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: S;
  /** A per-user budget the route takes one point from (costly routes), see `UserBudgets`. */
  budget?: UserBudget;
  /** Response description for the OpenAPI document. */
  responds: string;
  /** The media type of the file the route answers with (its handler returns `file`), for the OpenAPI document. */
  produces?: string;
  /** For a route that reads its own body (no `body` schema): the media types it takes, with a JSON schema each, for the OpenAPI document. */
  consumes?: Record<string, Record<string, unknown>>;
  /** The query parameters the route reads, with what each means, for the OpenAPI document. */
  query?: Record<string, string>;
  handle(ctx: RouteContext<z.infer<S>>): Promise<RouteResult>;
}

/** Declares a route with its body type inferred from its schema. */
export function route<S extends z.ZodType>(def: RouteDef<S>): RouteDef {
  return def as unknown as RouteDef;
}
