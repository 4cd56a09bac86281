import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** The real server (`server/main.ts`) in its own process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Kills it at once, as a crash would: no flush, no cleanup. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Where `npm run build:server` puts the compiled server's entry point. */
export const COMPILED_ENTRY = "build/server/main.js";

/** The Node flags `npm start` gives the compiled server (read from package.json), so that benches run it alike. */
export const PRODUCTION_NODE_FLAGS = productionNodeFlags();

function productionNodeFlags(): string[] {
  const start: string = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.start;
  const flags = new RegExp(`node((?: --\\S+)*) ${COMPILED_ENTRY}`).exec(start);
  if (!flags) throw new Error(`package.json's start script does not run node … ${COMPILED_ENTRY}`);
  return flags[1].trim().split(" ").filter(Boolean);
}

/** Compiles the server (`npm run build:server`) as `npm start` does, so that what runs is what production runs. */
export function buildServer(): void {
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.server.json"], { cwd: ROOT, stdio: "inherit" });
}

/**
 * Starts the server with the given environment and waits until it listens:
 * from its TypeScript sources (through tsx), or `compiled` from what
 * `buildServer()` last compiled, as `npm start` runs it.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 30000, nodeArgs: string[] = [], options: { compiled?: boolean } = {}): Promise<ServerProcess> {
  const entry = options.compiled ? [...PRODUCTION_NODE_FLAGS, COMPILED_ENTRY] : ["--import", "tsx", "server/main.ts"];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: ROOT,
    // The database is the caller's choice: never one inherited from the test run (CI sets DATABASE_URL).
    env: { ...process.env, DATABASE_URL: "", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeoutMs);
    const check = () => {
      if (/is running on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${env.PORT}`,
    output: () => output,
    kill(signal = "SIGKILL") {
      return new Promise((resolve) => {
        if (child.exitCode != null || child.signalCode != null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      });
    },
  };
}
