// `npm run bench:collab`: Charte's collaboration server against the reference
// y-websocket server (@y/websocket-server), same load, same machine, same run.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as Y from "yjs";
import { openDatabase } from "../../server/store/db.js";
import { loadStoredYDoc } from "../../server/domain/documents.js";
import { appendDocumentUpdate } from "../../server/store/documents.js";
import { buildServer, freePort, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";
import { clauseTexts, RawClient } from "./rawClient.js";
import { monotonicMs, quantile } from "./processStats.js";
import { DURATION_MS, OBSERVERS, roundLine, runScenario, sleep, summarize, WARMUP_MS, type Result, type Round, type Target } from "./editingLoad.js";
import { benchEditorTokens, ticketUrl } from "./benchEditors.js";
import { profileBySecond } from "./profileBySecond.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/**
 * Rounds per scenario (default: 2 at 50 editors, 4 at 200), the two servers taking turns,
 * so that a slow spell of the machine does not fall on one of them only.
 */
const ROUNDS = process.env.BENCH_ROUNDS ? Number(process.env.BENCH_ROUNDS) : null;
const profileDir = process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : null;

async function main() {
  // The server as production runs it: compiled JavaScript (npm start), not TypeScript through a loader.
  buildServer();
  const dataDir = mkdtempSync(join(tmpdir(), "charte-bench-"));
  const port = await freePort();
  const env: Record<string, string> = { DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: "true", LOGIN_MAX_FAILURES: "1000" };
  // BENCH_PROFILE=dir writes a V8 CPU profile of the Charte server there, and prints
  // what the server spent its time on in each second of each round.
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--cpu-prof-interval=250"] : [];
  let charte: ServerProcess | null = await startServerProcess(env, 30000, nodeArgs, { compiled: true });
  const login = async (email: string) => {
    const res = await fetch(`${charte!.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: "charte-demo" }) });
    return (await res.json()).token as string;
  };
  const pilotToken = await login("pilote@example.org");
  const charterId = (await (await fetch(`${charte.url}/api/charters`, { headers: { authorization: `Bearer ${pilotToken}` } })).json()).charters[0].id as string;
  // Enough editor accounts for 200 editors and the observers within the per-user connection cap.
  const tokens = await benchEditorTokens(charte.url, dataDir, charterId, 200 + OBSERVERS);
  await charte.kill("SIGTERM");
  charte = null;
  const seed = await storedState(dataDir, charterId);
  // Every round of Charte starts from this copy of its data, as every round of the reference starts from `seed`.
  const seedDir = `${dataDir}-seed`;
  cpSync(dataDir, seedDir, { recursive: true });
  const startCharte = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(seedDir, dataDir, { recursive: true });
    return startServerProcess(env, 30000, nodeArgs, { compiled: true });
  };
  console.log(`Charter: the demo charter from the template, ${(seed.byteLength / 1024).toFixed(0)} KiB of Yjs state.`);
  console.log(`Each scenario: ${ROUNDS ?? "2 (50 editors) or 4 (200 editors)"} rounds per server, taking turns; each round ${WARMUP_MS / 1000} s of warm-up, then ${DURATION_MS / 1000} s measured;`);
  console.log(`latency = edit made → all ${OBSERVERS} observers (each in a process of its own) have it, pooled over the rounds.\n`);

  const charteTarget = (): Target => ({
    name: "Charte", pids: [charte!.child.pid!],
    url: (i) => ticketUrl(`http://127.0.0.1:${port}`, charterId, tokens[i % tokens.length]),
    stop: async () => { await charte!.kill("SIGTERM"); },
  });

  const scenarios = [
    { title: "50 editors × 2 edits/s", editors: 50, rate: 2, rounds: ROUNDS ?? 2 },
    { title: "200 editors × 0.5 edits/s", editors: 200, rate: 0.5, rounds: ROUNDS ?? 4 },
  ];
  // BENCH_ONLY=50, 200 or open runs one part.
  const only = process.env.BENCH_ONLY;
  for (const scenario of scenarios.filter((s) => !only || String(s.editors) == only)) {
    const oursRounds: Round[] = [];
    const theirsRounds: Round[] = [];
    console.log(`${scenario.title}, round by round (p99 of the edits made in each second of the ${DURATION_MS / 1000} s, ms):`);
    for (let round = 0; round < scenario.rounds; round++) {
      const profiled = profileDir ? new Set(profileFiles(profileDir)) : null;
      charte = await startCharte();
      const ours = await runScenario(charteTarget(), scenario.editors, scenario.rate, null);
      oursRounds.push(ours);
      await charte.kill("SIGTERM");
      charte = null;
      const reference = await startReference();
      const theirs = await runScenario(reference, scenario.editors, scenario.rate, seed);
      theirsRounds.push(theirs);
      await reference.stop();
      console.log(roundLine(round, scenario.rounds, "Charte", ours));
      console.log(roundLine(round, scenario.rounds, "y-websocket", theirs));
      if (profileDir && profiled) {
        const file = profileFiles(profileDir).find((f) => !profiled.has(f));
        if (file) console.log(profileBySecond(join(profileDir, file), ours.measureStartMonotonicUs, ours.perSecond));
      }
    }
    const ours = summarize(oursRounds);
    const theirs = summarize(theirsRounds);
    const rows = [table(scenario.title, ours, theirs)];
    // Each Charte round ran right before its reference round: a slow spell of the machine often spans both.
    rows.push(`  ${"round p99, Charte ÷ reference".padEnd(28)} ${ours.roundP99.map((p, i) => ratio(p, theirs.roundP99[i])).join(" ")}`);
    if (scenario.editors == 50) {
      const ok = ours.p99 <= 1.2 * theirs.p99 && ours.p99 < 25 && ours.lost == 0 && ours.converged;
      rows.push(`Target: p99 ≤ 1.2 × reference (${(1.2 * theirs.p99).toFixed(1)} ms) and < 25 ms, nothing lost, converged → ${ok ? "MET" : "NOT MET"}\n`);
    } else {
      const worst = Math.max(...ours.roundP99);
      const checks = [
        [`median round p99 ≤ 1.2 × reference's (${ours.medianRoundP99.toFixed(1)} vs ${theirs.medianRoundP99.toFixed(1)} ms: ${ratio(ours.medianRoundP99, theirs.medianRoundP99)})`, ours.medianRoundP99 <= 1.2 * theirs.medianRoundP99],
        [`no round p99 beyond 2 × reference's median round (worst ${worst.toFixed(1)} ms: ${ratio(worst, theirs.medianRoundP99)})`, worst <= 2 * theirs.medianRoundP99],
        [`CPU per edit ≤ 1.1 × reference's (${ratio(ours.cpuPerEdit, theirs.cpuPerEdit)})`, ours.cpuPerEdit <= 1.1 * theirs.cpuPerEdit],
        [`RSS ≤ 1.5 × reference's (${ratio(ours.rss[0], theirs.rss[0])})`, ours.rss[0] <= 1.5 * theirs.rss[0]],
        ["nothing lost, converged", ours.lost == 0 && ours.converged],
      ] as const;
      rows.push(`Targets over ${scenario.rounds} rounds:`);
      for (const [label, ok] of checks) rows.push(`  ${label.padEnd(86)} ${ok ? "MET" : "NOT MET"}`);
      rows.push(`→ ${checks.every(([, ok]) => ok) ? "MET" : "NOT MET"}\n`);
    }
    console.log(rows.join("\n"));
  }

  if (!only || only == "open") {
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(seedDir, dataDir, { recursive: true });
    console.log(await openLargeLog(dataDir, charterId, env, nodeArgs));
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(seedDir, { recursive: true, force: true });
}

/** Stored state of the charter, to seed the reference server with the same document. */
async function storedState(dataDir: string, charterId: string): Promise<Uint8Array> {
  const db = openDatabase({ databaseUrl: null, dataDir });
  const doc = await loadStoredYDoc(db, charterId);
  await db.destroy();
  return Y.encodeStateAsUpdate(doc);
}

async function startReference(): Promise<Target> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "node_modules/@y/websocket-server/src/server.js")], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port) }, stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.on("data", (d) => /running/.test(String(d)) && resolve()));
  return {
    name: "y-websocket", pids: [child.pid!],
    url: async () => `ws://127.0.0.1:${port}/charter`,
    stop: () => new Promise((resolve) => { child.once("exit", () => resolve()); child.kill("SIGTERM"); }),
  };
}

/**
 * Opening charters whose logs hold 10,000 updates each: connect → document
 * received. The first open after start-up runs on cold (unoptimised) code; the
 * target is judged on the opens that follow, as on a server that is running.
 */
async function openLargeLog(dataDir: string, charterId: string, env: Record<string, string>, nodeArgs: string[]): Promise<string> {
  const OPENS = 12;
  let server = await startServerProcess(env, 30000, nodeArgs, { compiled: true });
  const login = async () => (await (await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "pilote@example.org", password: "charte-demo" }) })).json()).token as string;
  let token = await login();
  const ids: string[] = [charterId];
  while (ids.length < OPENS) {
    const res = await fetch(`${server.url}/api/charters`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: `Charte ${ids.length + 1}`, template: "charte-departementale", departmentCode: "49", signatoryIds: [] }),
    });
    ids.push((await res.json()).charter.id);
  }
  await server.kill("SIGTERM");

  const db = openDatabase({ databaseUrl: null, dataDir });
  let rows = 0;
  for (const id of ids) {
    const doc = await loadStoredYDoc(db, id);
    const text = clauseTexts(doc)[0];
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 10000; i++) text.insert(i % 7, String.fromCharCode(97 + (i % 26)));
    await db.transaction(async (trx) => { for (const u of updates) await appendDocumentUpdate(trx, id, u, null); });
    rows = Number((await db("charter_updates").where({ charter_id: id }).count({ n: "*" }).first())!.n);
  }
  await db.destroy();

  server = await startServerProcess(env, 30000, nodeArgs, { compiled: true });
  token = await login();
  const times: number[] = [];
  for (const id of ids) {
    await sleep(2500); // the previous charter's unload (compaction) is done: each open is measured alone
    const started = monotonicMs();
    // As the browser does: ask for a ticket, then connect.
    const client = new RawClient(await ticketUrl(server.url, id, token), true);
    await client.ready();
    times.push(client.syncedAt - started);
    client.close();
  }
  await server.kill("SIGTERM");
  const warm = quantile(times.slice(1), 0.5);
  return [
    `Opening a charter whose log holds ${rows} updates (connect → document received), ${OPENS} charters in turn:`,
    `  first open after start-up (cold code): ${times[0].toFixed(1)} ms; then ${times.slice(1).map((t) => t.toFixed(1)).join(", ")} ms`,
    `Target: under 100 ms on a running server (median of the later opens: ${warm.toFixed(1)} ms) → ${warm < 100 ? "MET" : "NOT MET"}`,
  ].join("\n");
}

const profileFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : []);

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function table(title: string, a: Result, b: Result): string {
  const line = (label: string, x: string, y: string) => `  ${label.padEnd(28)} ${x.padStart(12)} ${y.padStart(14)}`;
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "—");
  return [
    `${title} (${a.edits} edits on Charte, ${b.edits} on the reference)`,
    line("", "Charte", "y-websocket"),
    line("p50 latency (ms)", f(a.p50), f(b.p50)),
    line("p95 latency (ms)", f(a.p95), f(b.p95)),
    line("p99 latency (ms)", f(a.p99), f(b.p99)),
    line("p99 of each round (ms)", a.roundP99.map((p) => f(p)).join(" "), b.roundP99.map((p) => f(p)).join(" ")),
    line("median round p99 (ms)", f(a.medianRoundP99), f(b.medianRoundP99)),
    line("server CPU per edit (ms)", f(a.cpuPerEdit, 3), f(b.cpuPerEdit, 3)),
    line("server memory (MiB RSS)", f(a.rss[0]), f(b.rss[0])),
    line("load generator CPU (% core)", f(a.generatorCpuPct, 0), f(b.generatorCpuPct, 0)),
    line("lost updates", String(a.lost), String(b.lost)),
    line("all clients converged", a.converged ? "yes" : "NO", b.converged ? "yes" : "NO"),
  ].join("\n");
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
