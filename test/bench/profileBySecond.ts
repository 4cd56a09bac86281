import { readFileSync } from "node:fs";

/** The parts of a V8 `.cpuprofile` this reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  /** µs, on CLOCK_MONOTONIC (as `process.hrtime`). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(["(idle)", "(root)"]);
const LONG_TASK_MS = 4;

/**
 * What a server spent its CPU on in each second of a measurement, from its CPU
 * profile: busy time, garbage collection, and the three costliest places. A
 * sample is credited to the innermost frame of Charte's own code (`server/`,
 * `db/`) on its stack, so that "Yjs encoding" shows as the server function
 * that asked for it; samples with none (GC, ws, the event loop) to their leaf.
 */
export function profileBySecond(file: string, startUs: number, p99: number[]): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const label = new Map<number, string>();
  const nameOf = (id: number): string => {
    const cached = label.get(id);
    if (cached) return cached;
    let name: string | null = null;
    for (let at: number | undefined = id; at != null && !name; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const own = /\/(server|db)\//.exec(frame.url) && !frame.url.includes("node_modules");
      if (own) name = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/((server|db)\/)/, "$1")}:${frame.lineNumber + 1}`;
    }
    const leaf = byId.get(id)!.callFrame;
    name ??= `${leaf.functionName || "(anonymous)"}${leaf.url ? ` ${leaf.url.replace(/^.*node_modules\//, "").replace(/^node:/, "")}:${leaf.lineNumber + 1}` : ""}`;
    label.set(id, name);
    return name;
  };
  const seconds = p99.map(() => ({ busy: 0, gc: 0, where: new Map<string, number>() }));
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const s = Math.floor((t - startUs) / 1e6);
    if (s < 0 || s >= seconds.length) continue;
    const node = byId.get(profile.samples[i])!;
    if (IDLE.has(node.callFrame.functionName)) continue;
    const second = seconds[s];
    second.busy += dt;
    if (node.callFrame.functionName == "(garbage collector)") second.gc += dt;
    const name = nameOf(node.id);
    second.where.set(name, (second.where.get(name) ?? 0) + dt);
  }
  // Long tasks: stretches of the main thread busy without a break (no idle sample), which hold back every edit behind them.
  const long: { at: number; ms: number; where: Map<string, number> }[] = [];
  let task: { at: number; ms: number; where: Map<string, number> } | null = null;
  t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i])!;
    const at = (t - startUs) / 1e6;
    if (IDLE.has(node.callFrame.functionName) || at < 0 || at >= seconds.length) {
      if (task && task.ms >= LONG_TASK_MS) long.push(task);
      task = null;
      continue;
    }
    task ??= { at, ms: 0, where: new Map() };
    task.ms += dt;
    const name = nameOf(node.id);
    task.where.set(name, (task.where.get(name) ?? 0) + dt);
  }
  const lines = [`        tasks of ${LONG_TASK_MS} ms or more on the main thread: ${long.length}`];
  for (const task of long.sort((a, b) => b.ms - a.ms).slice(0, 12)) {
    const top = [...task.where].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join("; ");
    lines.push(`          at ${task.at.toFixed(2).padStart(5)} s  ${task.ms.toFixed(1).padStart(5)} ms  ${top}`);
  }
  lines.push("        second  p99 ms  CPU ms  GC ms  costliest (ms)");
  seconds.forEach((second, s) => {
    const top = [...second.where].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join("; ");
    lines.push(`        ${String(s + 1).padStart(6)}  ${p99[s].toFixed(0).padStart(6)}  ${second.busy.toFixed(0).padStart(6)}  ${second.gc.toFixed(0).padStart(5)}  ${top}`);
  });
  return lines.join("\n");
}
