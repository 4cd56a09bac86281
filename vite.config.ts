import { defineConfig } from "vite";

/**
 * The browser client: built from `client/` into `dist/`, which the server
 * serves. In development, API and collaboration calls go to the server on
 * port 3000.
 */
export default defineConfig({
  root: "client",
  // Vite 8 compiles with oxc: tell it the JSX runtime is Preact's, as tsconfig does.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
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
