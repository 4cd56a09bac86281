// `npm run bench:cluster`: one Charte instance against three on one PostgreSQL
// (half of the editors on instances that do not own the charter, so that their
// edits are forwarded), same load, same machine, same run; then the time an
// owner's crash (SIGKILL) costs the editors, and whether it loses anything.
import { resolve } from "node:path";
import { buildServer } from "../helpers/serverProcess.js";
import { clusterDatabaseAvailable, startCluster, type Cluster, type ClusterInstance } from "../helpers/cluster.js";
import { seedCharter, type SeededCharter, type SeededUser } from "../helpers/clusterSeed.js";
import { startHashingForwarder } from "../helpers/hashingForwarder.js";
import { leaseOf, storedDoc } from "../helpers/clusterDatabase.js";
import { Typist } from "../helpers/typist.js";
import { clauseText, eventually } from "../helpers/collab.js";
import { ticketUrl } from "./benchEditors.js";
import { quantile } from "./processStats.js";
import { DURATION_MS, OBSERVERS, roundLine, runScenario, sleep, summarize, WARMUP_MS, type Result, type Round, type Target } from "./editingLoad.js";

const ROUNDS = process.env.BENCH_ROUNDS ? Number(process.env.BENCH_ROUNDS) : 2;
const FAILOVER_ROUNDS = Number(process.env.BENCH_FAILOVER_ROUNDS ?? 20);
/** Editor accounts the load is spread over: each stays far within the per-user connection cap and ticket budget. */
const ACCOUNTS = 40;
/** Editors typing through the hashing forwarder while their charter's owner is killed. */
const FAILOVER_TYPISTS = 10;
/** Accounts the failover rounds take their editors from, in turn (four rounds' worth). */
const FAILOVER_ACCOUNTS = 40;
/** One address (the load generator) opens every connection: the per-address cap is lifted, as behind a proxy. */
const ENV = { COLLAB_MAX_CONNECTIONS_PER_ADDRESS: "5000" };
/** BENCH_PROFILE=dir writes a V8 CPU profile of every instance there (one file per process, at its exit). */
const profileDir = process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : null;
const NODE_ARGS = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--cpu-prof-interval=250"] : [];

async function main() {
  if (!clusterDatabaseAvailable()) {
    console.error("bench:cluster needs PostgreSQL: set DATABASE_URL=postgres://… (a role allowed to create databases).");
    process.exit(1);
  }
  // The server as production runs it: compiled JavaScript (npm start), not TypeScript through a loader.
  buildServer();
  const one = await startCluster({ instances: 1, compiled: true, env: ENV, nodeArgs: NODE_ARGS });
  const three = await startCluster({ instances: 3, compiled: true, env: ENV, nodeArgs: NODE_ARGS });
  try {
    const oneSeed = await seedCharter(one.instances[0].api, { editors: ACCOUNTS });
    const threeSeed = await seedCharter(three.instances[0].api, { editors: ACCOUNTS + FAILOVER_ACCOUNTS });
    console.log(`Charte on PostgreSQL, compiled; each round ${WARMUP_MS / 1000} s of warm-up, then ${DURATION_MS / 1000} s measured, ${ROUNDS} rounds per setup, taking turns.`);
    console.log(`One instance: every client on it. Three instances: the charter's owner is the first (the first observer connects to it);`);
    console.log(`half of the editors and two of the ${OBSERVERS} observers are on the two others, which forward them to the owner.`);
    console.log(`Latency = edit made → all ${OBSERVERS} observers (each in a process of its own) have it. CPU: all instances of the setup added up.\n`);

    const scenarios = [
      { title: "50 editors × 2 edits/s", editors: 50, rate: 2 },
      { title: "200 editors × 0.5 edits/s", editors: 200, rate: 0.5 },
    ];
    const only = process.env.BENCH_ONLY; // 50, 200 or failover
    for (const scenario of scenarios.filter((s) => !only || String(s.editors) == only)) {
      const oneRounds: Round[] = [];
      const threeRounds: Round[] = [];
      console.log(`${scenario.title}, round by round (p99 of the edits made in each second, ms):`);
      for (let round = 0; round < ROUNDS; round++) {
        const a = await runScenario(oneTarget(one, oneSeed), scenario.editors, scenario.rate, null);
        oneRounds.push(a);
        console.log(roundLine(round, ROUNDS, "one", a));
        const b = await runScenario(threeTarget(three, threeSeed), scenario.editors, scenario.rate, null);
        threeRounds.push(b);
        console.log(roundLine(round, ROUNDS, "three", b));
        const owner = await leaseOf(three, threeSeed.charterId);
        if (owner && owner.instance_id != three.instances[0].id) console.log(`  (the charter was owned by ${owner.instance_id}, not by the first instance: this round is not the intended setup)`);
        await sleep(1500); // the last round's unload is done before the next
      }
      console.log(table(scenario.title, summarize(oneRounds), summarize(threeRounds)));
      console.log(pathTable("One instance", oneRounds) + "\n" + pathTable("Three instances", threeRounds) + "\n");
    }
    if (!only || only == "failover") console.log(await failover(three, threeSeed.charterId, threeSeed.editors.slice(ACCOUNTS)));
  } finally {
    // A profile is written when its process exits of itself: a graceful stop first.
    if (profileDir) await Promise.all([...one.instances, ...three.instances].map((x) => x.terminate()));
    await one.stop();
    await three.stop();
  }
}

/** Every client on the one instance. */
function oneTarget(cluster: Cluster, seed: SeededCharter): Target {
  const instance = cluster.instances[0];
  return {
    name: "one instance", pids: [instance.pid],
    url: (i, role) => ticketUrl(instance.url, seed.charterId, tokenFor(seed, i, role)),
    stop: async () => {},
    placement: (i, role) => (role == "observer" ? `one#${i}` : "one"),
  };
}

/** Observer 0 and even editors on the owner (the first instance); the other observers and odd editors on the two others, alternately. */
function threeTarget(cluster: Cluster, seed: SeededCharter): Target {
  const [owner, b, c] = cluster.instances;
  const instanceFor = (i: number, role: "observer" | "editor"): ClusterInstance =>
    role == "observer" ? [owner, b, c][i % 3] : i % 2 == 0 ? owner : (i >> 1) % 2 == 0 ? b : c;
  return {
    name: "three instances", pids: cluster.instances.map((x) => x.pid),
    url: (i, role) => ticketUrl(instanceFor(i, role).url, seed.charterId, tokenFor(seed, i, role)),
    stop: async () => {},
    placement: (i, role) => (instanceFor(i, role) == owner ? "owner" : instanceFor(i, role) == b ? "B" : "C"),
  };
}

/** Latency to one observer by path (editor's instance → observer's instance), the rounds pooled: what each hop costs. */
function pathTable(name: string, rounds: Round[]): string {
  const paths = new Map<string, number[]>();
  for (const r of rounds) for (const [path, l] of r.byPath) paths.set(path, [...(paths.get(path) ?? []), ...l]);
  const lines = [...paths].sort(([a], [b]) => a.localeCompare(b)).map(([path, l]) =>
    `    ${path.padEnd(14)} p50 ${quantile(l, 0.5).toFixed(2).padStart(6)}  p90 ${quantile(l, 0.9).toFixed(2).padStart(6)}  p99 ${quantile(l, 0.99).toFixed(2).padStart(6)}  (${l.length})`);
  return [`  ${name}, latency to each observer by path (editor's instance → observer's, ms):`, ...lines].join("\n");
}

const tokenFor = (seed: SeededCharter, i: number, role: "observer" | "editor") => seed.editors[(role == "observer" ? ACCOUNTS - 1 - i : i) % ACCOUNTS].token;

/**
 * SIGKILL of the charter's owner while editors type through the hashing
 * forwarder (which sends them on to the next instance on the ring): the time
 * from the kill to the first "stored" on the new owner, and the edits lost
 * (acknowledged "stored" but missing from the database once all is stored).
 * Each round has editors of its own, on accounts taken in turn from
 * `accounts`, so that their reconnections stay within each account's
 * ticket budget (30 a minute) however many rounds run.
 */
async function failover(cluster: Cluster, charterId: string, accounts: SeededUser[]): Promise<string> {
  const forwarder = await startHashingForwarder(cluster.instances.map((x) => ({ name: x.id, port: x.port })));
  const times: number[] = [];
  const failures: string[] = [];
  let acknowledged = 0;
  let lost = 0;
  let neverStored = 0;
  try {
    for (let round = 0; round < FAILOVER_ROUNDS; round++) {
      const users = Array.from({ length: FAILOVER_TYPISTS }, (_, i) => accounts[(round * FAILOVER_TYPISTS + i) % accounts.length]);
      // Markers unique over the rounds ([round·10 + i:n]), each editor in a clause of its own.
      const typists = users.map((u, i) => new Typist(forwarder.url, charterId, u.token, round * FAILOVER_TYPISTS + i, { clause: i }));
      try {
        await eventually(() => typists.every((t) => t.live), 30000, "editors connected");
        typists.forEach((t) => t.start(100));
        await eventually(() => typists.every((t) => t.stored.size >= 3), 30000, "editors storing");
        const lease = await leaseOf(cluster, charterId);
        const owner = cluster.instances.find((x) => x.id == lease?.instance_id);
        if (!owner) throw new Error("no owner");
        let firstStored = Infinity;
        const killedAt = performance.now();
        // Only an answer on a connection opened after the kill can come from the new owner.
        for (const t of typists) t.onStored = (at) => { if (t.connectedAt > killedAt) firstStored = Math.min(firstStored, at); };
        await owner.kill();
        const seen = await eventually(() => firstStored < Infinity, 30000, "a stored").then(() => true, () => false);
        if (seen) times.push(firstStored - killedAt);
        else failures.push(`round ${round + 1}: no "stored" within 30 s of killing ${owner.id} (close codes: ${[...new Set(typists.flatMap((t) => t.closeCodes))].join(", ")})`);
        typists.forEach((t) => t.stop());
        const asking = setInterval(() => typists.forEach((t) => t.askStored()), 250);
        await eventually(() => typists.every((t) => t.typed.every((m) => t.stored.has(m))), 30000, "every edit stored").catch(() => {});
        clearInterval(asking);
        const doc = await storedDoc(cluster, charterId);
        for (const t of typists) {
          const text = clauseText(doc, t.clause).toString();
          acknowledged += t.stored.size;
          lost += [...t.stored].filter((m) => !text.includes(m)).length;
          neverStored += t.typed.filter((m) => !text.includes(m)).length;
        }
        await owner.start();
      } catch (err) {
        failures.push(`round ${round + 1}: ${(err as Error).message}`);
        await Promise.all(cluster.instances.filter((x) => !x.running).map((x) => x.start()));
      } finally {
        typists.forEach((t) => t.destroy());
      }
    }
  } finally {
    await forwarder.close();
  }
  const p99 = quantile(times, 0.99);
  const ok = !failures.length && p99 < 3000 && lost == 0;
  return [
    `Failover: ${FAILOVER_ROUNDS} rounds, SIGKILL of the charter's owner while ${FAILOVER_TYPISTS} editors type (10 edits/s each) through the hashing forwarder`,
    `  kill → first "stored" on the new owner (ms): p50 ${quantile(times, 0.5).toFixed(0)}, p99 ${p99.toFixed(0)}, max ${Math.max(...times).toFixed(0)}`,
    `  each round: ${times.map((t) => t.toFixed(0)).join(" ")}`,
    ...failures.map((f) => `  FAILED ${f}`),
    `  edits acknowledged "stored": ${acknowledged}; of them missing from the database: ${lost}; typed and never stored: ${neverStored}`,
    `Target: p99 < 3 s and nothing acknowledged lost → ${ok ? "MET" : "NOT MET"}`,
  ].join("\n");
}

function table(title: string, a: Result, b: Result): string {
  const line = (label: string, x: string, y: string) => `  ${label.padEnd(30)} ${x.padStart(14)} ${y.padStart(22)}`;
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "—");
  const bound = Math.max(1.1 * a.p99, a.p99 + 1);
  const ok = b.p99 <= bound && b.lost == 0 && b.converged && a.lost == 0 && a.converged;
  return [
    `${title} (${a.edits} edits on one instance, ${b.edits} on three)`,
    line("", "one instance", "three instances"),
    line("p50 propagation (ms)", f(a.p50), f(b.p50)),
    line("p95 propagation (ms)", f(a.p95), f(b.p95)),
    line("p99 propagation (ms)", f(a.p99), f(b.p99)),
    line("p99 of each round (ms)", a.roundP99.map((p) => f(p)).join(" "), b.roundP99.map((p) => f(p)).join(" ")),
    line("CPU per edit, all (ms)", f(a.cpuPerEdit, 3), f(b.cpuPerEdit, 3)),
    line("CPU per edit, each (ms)", a.cpuPerEditEach.map((c) => f(c, 2)).join(" / "), b.cpuPerEditEach.map((c) => f(c, 2)).join(" / ")),
    line("memory per instance (MiB RSS)", a.rss.map((r) => f(r, 0)).join(" / "), b.rss.map((r) => f(r, 0)).join(" / ")),
    line("load generator CPU (% core)", f(a.generatorCpuPct, 0), f(b.generatorCpuPct, 0)),
    line("lost updates", String(a.lost), String(b.lost)),
    line("all clients converged", a.converged ? "yes" : "NO", b.converged ? "yes" : "NO"),
    `Target: p99 on three ≤ 1.1 × one instance or + 1 ms (${f(bound)} ms), nothing lost, converged → ${ok ? "MET" : "NOT MET"}\n`,
  ].join("\n");
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
