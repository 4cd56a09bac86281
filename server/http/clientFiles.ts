import express from "express";
import expressStaticGzip from "express-static-gzip";
import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import { HttpError } from "./errors.js";

/** Vite names what it builds into `assets/` `name-[hash].ext`: a new content gets a new name. */
const HASHED = new RegExp(`\\${sep}assets\\${sep}[^\\${sep}]+-[A-Za-z0-9_-]{8,}\\.[a-z0-9]+(\\.(br|gz))?$`);

/**
 * Serves the built client (`dist/`): each file in the brotli or gzip form the
 * build wrote beside it when the browser accepts one (see vite.config.ts),
 * hashed assets cached for a year as immutable, and everything else —
 * `index.html` above all, which names the current assets — revalidated on
 * every use. Any other page gets `index.html`: the client routes in the
 * browser. Does nothing if the client was not built.
 */
export function serveClient(app: express.Express, clientDir: string | null): void {
  if (!clientDir || !existsSync(join(clientDir, "index.html"))) return;
  const files = expressStaticGzip(clientDir, {
    enableBrotli: true,
    orderPreference: ["br", "gzip"],
    index: false,
    serveStatic: {
      index: false,
      cacheControl: false,
      setHeaders: (res, path) => res.setHeader("Cache-Control", HASHED.test(path) ? "public, max-age=31536000, immutable" : "no-cache"),
    },
  });
  app.use(files);
  // A missing asset is a 404, not the app served as JavaScript.
  app.use("/assets", (_req, _res, next) => next(new HttpError(404, "not_found", "Fichier introuvable.")));
  app.get(/^\/(?!api\/|collab\/).*/, (req, res, next) => {
    req.url = "/index.html";
    files(req, res, next);
  });
}
