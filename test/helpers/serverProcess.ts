import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
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

/** The real server (`server/main.ts`) in its own process, as `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Kills it at once, as a crash would: no flush, no cleanup. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `server/main.ts` with the given environment and waits until it listens. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 30000, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/main.ts"], {
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
