import { rateLimit, ipKeyGenerator } from "express-rate-limit";
import type { Config } from "../config.js";
import { tooManyRequests } from "./errors.js";

/**
 * Limits failed logins per client address and email: after
 * `loginMaxFailures` failures in the window, further attempts get HTTP 429
 * until the window ends. Successful logins do not count.
 */
export function loginRateLimiter(config: Config) {
  return rateLimit({
    windowMs: config.loginWindowSeconds * 1000,
    limit: config.loginMaxFailures,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? "")}|${String(req.body?.email ?? "").trim().toLowerCase()}`,
    handler: (_req, _res, next) =>
      next(tooManyRequests(`Trop de tentatives de connexion. Réessayez dans ${Math.ceil(config.loginWindowSeconds / 60)} minutes.`)),
  });
}
