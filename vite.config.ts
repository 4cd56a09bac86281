import { defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";
import { constants } from "node:zlib";

/**
 * The browser client: built from `client/` into `dist/`, which the server
 * serves. In development, API and collaboration calls go to the server on
 * port 3000. Every built file is also written gzip- and brotli-compressed
 * at their highest levels (`x.js.gz`, `x.js.br`), which the server sends to
 * browsers that accept them: compressing once at build time costs nothing per
 * request, where compressing on the fly would take CPU from the event loop
 * on every download (brotli's best level is far too slow for that).
 */
export default defineConfig({
  root: "client",
  // Vite 8 compiles with oxc: tell it the JSX runtime is Preact's, as tsconfig does.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [
    compression({
      algorithms: [
        defineAlgorithm("gzip", { level: 9 }),
        defineAlgorithm("brotliCompress", { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
      ],
      include: /\.(html|js|css|svg|json|txt|map)$/,
      threshold: 0,
    }),
  ],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": "http://localhost:3000",
      "/collab": { target: "http://localhost:3000", ws: true },
    },
  },
});
