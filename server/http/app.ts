import express, { type NextFunction, type Request, type Response } from "express";
import type { Services } from "../services.js";
import { can, canOnPlatform, roleAllows } from "../domain/policy.js";
import { getCharter } from "../store/charters.js";
import { getMembership } from "../store/memberships.js";
import { authenticateToken, bearerToken } from "./authenticate.js";
import { conflict, forbidden, HttpError, invalidField, notFound, tooLarge, unauthorized } from "./errors.js";
import { textProblem } from "../shared/text.js";
import type { RouteContext, RouteDef } from "./route.js";
import { parseInput } from "./validate.js";
import { allRoutes } from "./routes/index.js";
import { UserBudgets } from "./userBudgets.js";
import { CHARTER_STATE_LABELS } from "../shared/roles.js";
import { securityHeaders } from "./securityHeaders.js";
import { serveClient } from "./clientFiles.js";
import { proxyTrust } from "./proxyTrust.js";
import { sendFile } from "./download.js";

/** Builds the Express app: the REST API under `/api`, and the built client. */
export function createApp(services: Services): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", proxyTrust(services.config.trustProxy));
  if (services.config.logRequests) app.use((req, _res, next) => { console.log(req.method, req.path); next(); });
  app.use(securityHeaders(services.config));

  app.use("/api", (_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  app.use("/api", express.json({ limit: services.config.maxBodyBytes }));

  const budgets = new UserBudgets(services.config);
  for (const def of allRoutes) app[def.method](`/api${def.path}`, handler(services, def, budgets));

  app.use("/api", (_req, _res, next) => next(new HttpError(404, "not_found", "Adresse d'API inconnue.")));
  serveClient(app, services.config.clientDir);
  app.use(errorHandler(services));
  return app;
}

function handler(services: Services, def: RouteDef, budgets: UserBudgets) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx: RouteContext = {
        services,
        auth: null,
        charter: null,
        membership: null,
        params: req.params as Record<string, string>,
        query: req.query as Record<string, unknown>,
        body: undefined,
        ip: req.ip ?? null,
        userAgent: req.get("user-agent")?.slice(0, 400) ?? null,
        request: req,
      };
      checkAddress(ctx.params, ctx.query);
      const access = def.access;
      if (!("public" in access)) {
        ctx.auth = await authenticateToken(services, bearerToken(req.get("authorization")));
        if (!ctx.auth) throw unauthorized("Session absente ou expirée : veuillez vous reconnecter.");
      }
      if (def.body) ctx.body = parseInput(def.body, req.body);
      if ("platform" in access && !canOnPlatform(ctx.auth!.actor, access.platform)) throw forbidden();
      if ("charter" in access) {
        const charter = await getCharter(services.db, req.params.id as string);
        if (!charter) throw notFound("Charte");
        const membership = (await getMembership(services.db, charter.id, ctx.auth!.user.id)) ?? null;
        if (!membership) throw forbidden("Vous n'êtes pas membre de cette charte.");
        const context = { state: charter.state, role: membership.role };
        if (!can(context, access.charter)) {
          if (roleAllows(membership.role, access.charter))
            throw conflict("charter_state", `Impossible dans l'état actuel de la charte (${CHARTER_STATE_LABELS[charter.state]}).`);
          throw forbidden();
        }
        ctx.charter = charter;
        ctx.membership = membership;
      }
      if (def.budget) await budgets.charge(def.budget, ctx.auth!.user.id);
      const result = await def.handle(ctx);
      if (result.file) sendFile(res, result.file);
      else if (result.body === undefined) res.status(result.status ?? 204).end();
      else res.status(result.status ?? 200).json(result.body);
    } catch (err) {
      next(err);
    }
  };
}

/** Path and query values reach the database as they are: refuse a NUL (PostgreSQL cannot take it) or any other invisible character. */
function checkAddress(params: Record<string, string>, query: Record<string, unknown>) {
  for (const [name, value] of [...Object.entries(params), ...Object.entries(query)]) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v == "string" && textProblem(v)))
      throw invalidField(name, `Paramètre « ${name} » invalide : il contient un caractère de contrôle ou invisible.`);
  }
}

function errorHandler(services: Services) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let error: HttpError;
    const status = (err as { status?: number; type?: string }).status;
    const type = (err as { type?: string }).type;
    if (err instanceof HttpError) error = err;
    else if (type == "entity.too.large") error = tooLarge(services.config.maxBodyBytes);
    else if (type == "entity.parse.failed") error = new HttpError(400, "invalid_json", "Le corps de la requête n'est pas du JSON valide.");
    else if (status && status >= 400 && status < 500) error = new HttpError(status, "bad_request", "Requête invalide.");
    else {
      console.error(`Error on ${req.method} ${req.originalUrl}:`, err);
      error = new HttpError(500, "internal_error", "Erreur interne du serveur. Réessayez ; si le problème persiste, contactez l'administrateur.");
    }
    if (!req.path.startsWith("/api/") && error.status == 404) {
      res.status(404).type("text/plain").send("Page introuvable");
      return;
    }
    if (error.retryAfter) res.set("Retry-After", String(error.retryAfter));
    res.status(error.status).json(error.toJSON());
  };
}
