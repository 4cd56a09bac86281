// The load of the collaboration benchmarks: simulated editors typing at a
// steady rate (they ignore what they receive, so that hundreds of them fit in
// one load generator) and a few observers, each in a process of its own,
// timing when each edit reaches them.
import * as Y from "yjs";
import { clauseTexts, RawClient } from "./rawClient.js";
import { cpuMs, monotonicMs, quantile, rssMiB } from "./processStats.js";
import { ObserverProcess } from "./observers.js";

export const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
/** Load before measuring, on both servers alike: the first edits after start-up run on cold (unoptimised) code. */
export const WARMUP_MS = 3000;
export const OBSERVERS = 3;

/** A collaboration server under load: one process, or several serving the same charter. */
export interface Target {
  name: string;
  /** The server's processes: their CPU is added up, their memory shown each. */
  pids: number[];
  /** WebSocket URL of the charter's document for the i-th observer or editor (with a fresh ticket, for Charte). */
  url(i: number, role: "observer" | "editor"): Promise<string>;
  stop(): Promise<void>;
  /** Which of the server's processes the i-th observer or editor is on (for the latency of each path, see `Round.byPath`). */
  placement?(i: number, role: "observer" | "editor"): string;
}

/** What one round of a scenario measured on one server. */
export interface Round {
  /** `cpu`: ms used by all the server's processes; `rss`: MiB of each. */
  latencies: number[]; cpu: number; cpuEach: number[]; rss: number[]; edits: number; lost: number; converged: boolean;
  /** p99 of the edits made in each second of the measurement. */
  perSecond: number[];
  /** CPU the load generator (this process and the observers' processes) used, in ms, over the measurement. */
  generatorCpu: number;
  /** Length of the measurement, in ms. */
  measuredMs: number;
  /** When the measurement began, in µs of CLOCK_MONOTONIC (V8 CPU profiles' clock). */
  measureStartMonotonicUs: number;
  /** With `Target.placement`: latencies to each observer by path, "editor's process → observer's process". */
  byPath: Map<string, number[]>;
}

export interface Result {
  /** `rss`: the most each process used over the rounds. */
  p50: number; p95: number; p99: number; cpuPerEdit: number; cpuPerEditEach: number[]; rss: number[]; edits: number; lost: number; converged: boolean;
  /** p99 of each round, its median, and the load generator's CPU as % of one core. */
  roundP99: number[]; medianRoundP99: number; generatorCpuPct: number;
}

/** The rounds of one server, pooled. */
export function summarize(rounds: Round[]): Result {
  const latencies = rounds.flatMap((r) => r.latencies);
  const edits = rounds.reduce((n, r) => n + r.edits, 0);
  return {
    p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99),
    cpuPerEdit: rounds.reduce((n, r) => n + r.cpu, 0) / Math.max(1, edits),
    cpuPerEditEach: rounds[0].cpuEach.map((_, i) => rounds.reduce((n, r) => n + r.cpuEach[i], 0) / Math.max(1, edits)), rss: rounds[0].rss.map((_, i) => Math.max(...rounds.map((r) => r.rss[i]))),
    edits, lost: rounds.reduce((n, r) => n + r.lost, 0), converged: rounds.every((r) => r.converged),
    roundP99: rounds.map((r) => quantile(r.latencies, 0.99)), medianRoundP99: median(rounds.map((r) => quantile(r.latencies, 0.99))),
    generatorCpuPct: (100 * rounds.reduce((n, r) => n + r.generatorCpu, 0)) / Math.max(1, rounds.reduce((n, r) => n + r.measuredMs, 0)),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One round: observers then editors connect, editors type at `rate` edits/s
 * each (ignoring what they receive), and the latency of each edit is the time
 * until every observer has it; then a fresh client checks nothing is missing.
 */
export async function runScenario(target: Target, editorCount: number, rate: number, seed: Uint8Array | null): Promise<Round> {
  const observers: ObserverProcess[] = [];
  const editors: RawClient[] = [];
  let fresh: RawClient | null = null;
  const timers: NodeJS.Timeout[] = [];
  try {
    // Observers first (each in a process of its own); the first one brings the document to the reference server.
    for (let i = 0; i < OBSERVERS; i++) observers.push(await ObserverProcess.connect(await target.url(i, "observer"), i == 0 ? seed : null));
    for (let i = 0; i < editorCount; i += 20) {
      const urls = await Promise.all(Array.from({ length: Math.min(20, editorCount - i) }, (_, j) => target.url(i + j, "editor")));
      const batch = urls.map((url) => new RawClient(url, false));
      await Promise.all(batch.map((c) => c.ready()));
      editors.push(...batch);
    }
    await sleep(1000);

    // Each edit: the clock where it starts on its client, when it was made (`monotonicMs`; null during warm-up), and by whom.
    const sent = new Map<number, { clock: number; at: number | null; editor: number }[]>();
    let edits = 0;
    let measuring = false;
    const begun = performance.now();
    for (const [i, editor] of editors.entries()) {
      const texts = clauseTexts(editor.doc);
      const text = texts[i % texts.length];
      const interval = 1000 / rate;
      // Spread the editors' first edits over one interval so the load is even.
      timers.push(setTimeout(() => {
        const tick = () => {
          if (performance.now() - begun > WARMUP_MS + DURATION_MS) return;
          const at = monotonicMs();
          const clock = editor.type(text, `e${i}.${edits} `);
          if (measuring) edits++;
          const list = sent.get(editor.doc.clientID) ?? [];
          list.push({ clock, at: measuring ? at : null, editor: i });
          sent.set(editor.doc.clientID, list);
          timers.push(setTimeout(tick, interval * (0.5 + Math.random())));
        };
        tick();
      }, Math.random() * interval));
    }
    await sleep(WARMUP_MS);
    measuring = true;
    const cpuBefore = target.pids.map(cpuMs);
    const ownCpuBefore = process.cpuUsage();
    const observersCpu = () => observers.reduce((n, o) => n + cpuMs(o.pid), 0);
    const observersCpuBefore = observersCpu();
    const measureStart = monotonicMs();
    // The same monotonic clock as V8's CPU profiles (CLOCK_MONOTONIC), to line the profile up with the seconds below.
    const measureStartMonotonicUs = Number(process.hrtime.bigint() / 1000n);
    await sleep(DURATION_MS + 1500);
    timers.forEach(clearTimeout);
    const cpuEach = target.pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]);
    const cpu = cpuEach.reduce((a, b) => a + b, 0);
    const own = process.cpuUsage(ownCpuBefore);
    const observersCpuUsed = observersCpu() - observersCpuBefore;
    const measuredMs = monotonicMs() - measureStart;
    const rss = target.pids.map(rssMiB);
    // A fresh client must find every edit on the server, and the observers (asked once it has synced) must all agree with it.
    const check = (fresh = new RawClient(await target.url(0, "observer"), true));
    await check.ready();
    const reports = await Promise.all(observers.map((o) => o.report()));

    // When each observer got each edit.
    const arrivals = new Map<string, number[]>();
    for (const [oi, report] of reports.entries()) for (const [at, ranges] of report.arrivals) {
      for (const [client, from, to] of ranges) {
        for (const edit of sent.get(client) ?? []) {
          if (edit.clock >= from && edit.clock < to) {
            const key = `${client}:${edit.clock}`;
            const list = arrivals.get(key) ?? [];
            list[oi] = at;
            arrivals.set(key, list);
          }
        }
      }
    }
    // Latency per edit: until the last observer has it.
    const latencies: number[] = [];
    const bySecond: number[][] = Array.from({ length: Math.ceil(DURATION_MS / 1000) }, () => []);
    const byPath = new Map<string, number[]>();
    let lost = 0;
    for (const [client, list] of sent) for (const edit of list) {
      const got = arrivals.get(`${client}:${edit.clock}`) ?? [];
      if (got.filter((t) => t != null).length < OBSERVERS) lost++;
      else if (edit.at != null) {
        const latency = Math.max(...got) - edit.at;
        latencies.push(latency);
        bySecond[Math.min(bySecond.length - 1, Math.floor((edit.at - measureStart) / 1000))].push(latency);
        if (target.placement) for (const [oi, t] of got.entries()) {
          const path = `${target.placement(edit.editor, "editor")} → ${target.placement(oi, "observer")}`;
          const list = byPath.get(path) ?? [];
          list.push(t - edit.at);
          byPath.set(path, list);
        }
      }
    }
    const missing = [...sent].reduce((n, [client, list]) => n + list.filter((e) => Y.getState(check.doc.store, client) <= e.clock).length, 0);
    const freshState = Buffer.from(Y.encodeStateVector(check.doc)).toString("base64");
    const freshContent = check.doc.getXmlFragment("prosemirror").toString();
    const converged = reports.every((o) => o.stateVector == freshState && o.content == freshContent);
    return {
      latencies, cpu, cpuEach, rss, edits, lost: lost + missing, converged, perSecond: bySecond.map((l) => quantile(l, 0.99)),
      generatorCpu: (own.user + own.system) / 1000 + observersCpuUsed, measuredMs, measureStartMonotonicUs, byPath,
    };
  } finally {
    // Whatever happened, no client or observer outlives its round.
    timers.forEach(clearTimeout);
    for (const c of fresh ? [...editors, fresh] : editors) c.close();
    for (const o of observers) o.kill();
    await sleep(300);
  }
}

/** One round of one server on one line: its p99, the p99 of each second, and what the load generator used. */
export function roundLine(round: number, rounds: number, name: string, r: Round): string {
  const seconds = r.perSecond.map((p) => (Number.isFinite(p) ? p.toFixed(0) : "—")).join(" ");
  return `  ${`${round + 1}/${rounds}`.padEnd(5)} ${name.padEnd(12)} p99 ${quantile(r.latencies, 0.99).toFixed(1).padStart(5)}  per second: ${seconds}  (load generator ${((100 * r.generatorCpu) / r.measuredMs).toFixed(0)}% of a core)`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
