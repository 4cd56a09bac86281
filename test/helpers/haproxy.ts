import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

/** The example configuration the README documents: the tests run exactly it, on their own ports. */
export const HAPROXY_EXAMPLE = fileURLToPath(new URL("../../server/cluster/haproxy.example.cfg", import.meta.url));

/**
 * `server/cluster/haproxy.example.cfg` with its listening address set to
 * loopback:`port`, and each block of `server charteN 127.0.0.1:300N …` lines
 * replaced by one line per backend (same options, names changed alike).
 */
export function haproxyConfig(port: number, backends: Backend[]): string {
  const lines = readFileSync(HAPROXY_EXAMPLE, "utf8").split("\n");
  const out: string[] = [];
  const server = /^(\s*)server (\S+) 127\.0\.0\.1:\d+(.*)$/;
  let binds = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*bind /.test(lines[i])) {
      out.push(`  bind 127.0.0.1:${port}`);
      binds++;
      continue;
    }
    const first = server.exec(lines[i]);
    if (!first) {
      out.push(lines[i]);
      continue;
    }
    while (i + 1 < lines.length && server.test(lines[i + 1])) i++;
    const [, indent, name, rest] = first;
    for (const b of backends) out.push(`${indent}server ${b.name} 127.0.0.1:${b.port}${rest.split(name).join(b.name)}`);
  }
  if (binds != 1) throw new Error(`${HAPROXY_EXAMPLE}: expected one bind line, found ${binds}`);
  return out.join("\n");
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
