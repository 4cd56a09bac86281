import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./serverProcess.js";
import type { Backend } from "./hashingForwarder.js";

/** Debian's HAProxy in front of instances, on a free loopback port. */
export interface Haproxy {
  port: number;
  url: string;
  wsUrl: string;
  config: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The configuration the tests run HAProxy with: consistent hashing on the
 * charter id of `/collab/:id` and `/api/charters/:id/…` (both reduced to the
 * id, so that a charter's REST calls and its WebSocket reach the same
 * instance), WebSockets kept open (`timeout tunnel`), quick health checks on
 * `/api/health` so that a dead instance's charters move to the next one on the
 * ring, and a retry on another instance when a connection is refused.
 */
export function haproxyConfig(port: number, backends: Backend[]): string {
  return [
    "global",
    "  log stderr format raw local0 warning",
    "defaults",
    "  mode http",
    "  log global",
    "  option dontlognull",
    "  timeout connect 1s",
    "  timeout client 30s",
    "  timeout server 30s",
    "  timeout tunnel 1h",
    "frontend charte",
    `  bind 127.0.0.1:${port}`,
    "  default_backend instances",
    "backend instances",
    "  balance hash path,regsub(^/api/charters/,/collab/),field(3,/)",
    "  hash-type consistent",
    "  option httpchk GET /api/health",
    "  option redispatch 1",
    "  retries 2",
    ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter 300 fall 1 rise 1`),
    "",
  ].join("\n");
}

/** Starts `haproxy` (foreground) with `haproxyConfig` and waits until it accepts connections. */
export async function startHaproxy(backends: Backend[], configFor: (port: number, backends: Backend[]) => string = haproxyConfig): Promise<Haproxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "charte-haproxy-"));
  const file = join(dir, "haproxy.cfg");
  const config = configFor(port, backends);
  writeFileSync(file, config);
  const child: ChildProcess = spawn("haproxy", ["-db", "-f", file], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode == null && child.signalCode == null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const end = Date.now() + 10000;
  while (!(await accepts(port))) {
    if (child.exitCode != null || Date.now() > end) {
      await stop();
      throw new Error(`haproxy did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, config, output: () => output, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}
