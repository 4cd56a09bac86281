import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { freePort, startServerProcess, type ServerProcess } from "./serverProcess.js";
import { databaseKinds, type TestDatabase } from "./databases.js";
import { apiAt, loginWith, type ApiCall } from "./httpApi.js";

/** The files of a generated platform seal: every instance must sign with the same one. */
const SEAL_FILES = ["seal-key.pem", "seal-cert.der"];

/** One Charte server process of a cluster, on a port of its own that it keeps across restarts. */
export class ClusterInstance {
  process: ServerProcess | null = null;
  readonly url: string;
  readonly wsUrl: string;
  readonly api: ApiCall;
  /** Output of the previous runs of this instance (the current run's is in `process`). */
  private earlierOutput = "";

  constructor(readonly index: number, readonly id: string, readonly port: number, readonly env: Record<string, string>, private readonly spawnOptions: SpawnOptions) {
    this.url = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
    this.api = apiAt(this.url);
  }

  get pid(): number {
    if (!this.process?.child.pid) throw new Error(`${this.id} is not running`);
    return this.process.child.pid;
  }

  get running(): boolean {
    const child = this.process?.child;
    return !!child && child.exitCode == null && child.signalCode == null;
  }

  /** Starts the process (again) and waits until it listens. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    if (this.running) throw new Error(`${this.id} is already running`);
    if (this.process) this.earlierOutput += this.process.output();
    this.process = null;
    this.process = await startServerProcess({ ...this.env, ...extraEnv }, 30000, this.spawnOptions.nodeArgs ?? [], { compiled: this.spawnOptions.compiled });
  }

  /** Kills it at once, as a crash would (SIGKILL), and waits for it to be gone. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.process!.child.kill("SIGCONT"); // a stopped process dies only once it runs again
    await this.process!.kill("SIGKILL");
  }

  /** Asks it to stop (SIGTERM: the graceful shutdown of a deploy) and waits until it has exited. */
  async terminate(timeoutMs = 20000): Promise<number | null> {
    if (!this.running) return this.process?.child.exitCode ?? null;
    const child = this.process!.child;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  /** Freezes the process (SIGSTOP): it holds its sockets and leases but does nothing, as a hung machine would. */
  pause(): void {
    this.process?.child.kill("SIGSTOP");
  }

  /** Lets a paused process run again (SIGCONT). */
  resume(): void {
    this.process?.child.kill("SIGCONT");
  }

  /** Graceful stop, then start again on the same port and data. */
  async restart(): Promise<void> {
    await this.terminate();
    await this.start();
  }

  /** Everything the instance printed, over all its runs. */
  output(): string {
    return this.earlierOutput + (this.process?.output() ?? "");
  }
}

interface SpawnOptions {
  /** Runs the compiled server (`buildServer()` first), as production does, instead of the sources through tsx. */
  compiled?: boolean;
  nodeArgs?: string[];
}

/** Several Charte processes on one PostgreSQL database. */
export interface Cluster {
  database: TestDatabase;
  instances: ClusterInstance[];
  /** The JWT secret every instance shares. */
  jwtSecret: string;
  /** Every instance's output (its last `tail` lines), labelled, to print when a test fails. */
  logs(tail?: number): string;
  /** Kills every instance and drops the database. */
  stop(): Promise<void>;
}

export interface ClusterOptions extends SpawnOptions {
  /** Number of instances (default 3). */
  instances?: number;
  /** Environment added to every instance's (lease timings, limits…). */
  env?: Record<string, string>;
  /** Start only the first instance (the others with `instances[i].start()`). */
  startOnlyFirst?: boolean;
}

/** True when the tests have a PostgreSQL server to make cluster databases on (`DATABASE_URL`, as in CI). */
export const clusterDatabaseAvailable = () => databaseKinds().some((k) => k.name == "postgresql");

/**
 * Starts N instances of the real server (each its own process, port,
 * `INSTANCE_ID`, `INTERNAL_URL` and data folder, as on separate machines) on
 * one fresh PostgreSQL database, sharing the JWT secret and the platform
 * seal. The first one starts alone (it migrates, seeds the demo data and
 * makes the seal), then the others together.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const kind = databaseKinds().find((k) => k.name == "postgresql");
  if (!kind) throw new Error("A cluster needs PostgreSQL: set DATABASE_URL=postgres://…");
  const database = await kind.create();
  const jwtSecret = randomBytes(32).toString("base64url");
  const instances: ClusterInstance[] = [];
  const dataDirs: string[] = [];
  for (let i = 0; i < (options.instances ?? 3); i++) {
    const port = await freePort();
    const id = `charte-${i + 1}`;
    const dataDir = i == 0 ? database.dataDir : mkdtempSync(join(tmpdir(), `charte-${id}-`));
    if (i > 0) dataDirs.push(dataDir);
    instances.push(new ClusterInstance(i, id, port, {
      DATABASE_URL: database.databaseUrl!, DATA_DIR: dataDir, PORT: String(port), INSTANCE_ID: id, INTERNAL_URL: `http://127.0.0.1:${port}`,
      // Names its database connections in pg_stat_activity, so that a test can end exactly this instance's.
      PGAPPNAME: id,
      JWT_SECRET: jwtSecret, SEED_DEMO: i == 0 ? "true" : "false",
      LOGIN_MAX_FAILURES: "1000", LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000", LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000000", PASSWORD_HASH_QUEUE: "1000",
      ...options.env,
    }, options));
  }
  const cluster: Cluster = {
    database, instances, jwtSecret,
    logs: (tail = 80) => instances.map((x) => `----- ${x.id} (port ${x.port}) -----\n${x.output().split("\n").filter((l) => !/^  \S+@example\.org /.test(l)).slice(-tail).map((l) => l.slice(0, 400)).join("\n")}`).join("\n"),
    async stop() {
      await Promise.all(instances.map((x) => x.kill()));
      await database.drop();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await instances[0].start();
    for (const file of SEAL_FILES) {
      const from = join(database.dataDir, file);
      if (existsSync(from)) for (const dir of dataDirs) copyFileSync(from, join(dir, file));
    }
    if (!options.startOnlyFirst) await Promise.all(instances.slice(1).map((x) => x.start()));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

/** Logs in on an instance (any will do: sessions are in the shared database). */
export const loginOn = (instance: { api: ApiCall }, email: string, password?: string) => loginWith(instance.api, email, password);

/** A mocha `afterEach` that prints the instances' output (its end) when the test failed. */
export function printLogsOnFailure(cluster: () => Cluster | undefined) {
  return function (this: Mocha.Context) {
    const c = cluster();
    if (c && this.currentTest?.state == "failed") console.log(c.logs());
  };
}
