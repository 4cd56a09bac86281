// `npm run bench:compliance`: the follow-up of a signed charter at the size of
// a département's (issue 11), through the real HTTP API on a real database
// (SQLite; `--postgresql` for the PostgreSQL of DATABASE_URL): a charter of
// 14 organisations, 70 commitments and 30 indicators, with 6 closed yearly
// campaigns (declarations, appraisals, values), built by `complianceData.ts`.
// Measured, each against its target in the same run: the dashboard
// (`GET …/dashboard`, median and p95 of 25 requests, < 100 ms), the yearly
// report PDF (`GET …/campaigns/:campaignId/report.pdf`, < 2 s) and a CSV
// import of 10,000 values (`POST …/indicators/import`, < 1 s).
import { startTestServer } from "../helpers/testServer.js";
import { databaseKinds, sqliteOnly } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { complianceCharter, SIZE } from "./complianceData.js";
import { exportRenderer } from "../../server/export/exportRenderer.js";

const usePostgres = process.argv.includes("--postgresql");

/** `rows` values: `codes` × as many months as needed from January of `fromYear` (periods no campaign uses). */
function valuesCsv(codes: string[], rows: number, fromYear: number): string {
  const lines = ["indicateur;période;valeur"];
  for (let n = 0; lines.length <= rows; n++) {
    const period = `${fromYear + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
    for (const code of codes) {
      if (lines.length > rows) break;
      lines.push(`${code};${period};${(n * 7 + code.length) % 1000},${n % 10}`);
    }
  }
  return lines.join("\n") + "\n";
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

async function main() {
  const database = usePostgres ? databaseKinds().find((k) => k.name == "postgresql") : sqliteOnly;
  if (!database) throw new Error("--postgresql needs DATABASE_URL=postgres://…");
  const server = await startTestServer({ database });
  const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => { const t = performance.now(); const r = await fn(); return [r, performance.now() - t]; };
  const built0 = performance.now();
  const data = await complianceCharter(server, await demoCharterId(server), (line) => process.stderr.write(line + "\n"));
  const built = performance.now() - built0;
  const { charterId, campaignIds, indicatorCodes, counts } = data;
  const pilot = await server.login("pilote@example.org");
  const committee = await server.login("comite@example.org");
  const lines: string[] = [];
  const line = (what: string, ms: number, target: number) => `  ${what.padEnd(64)} ${ms.toFixed(0).padStart(6)} ms — target < ${target} ms → ${ms < target ? "MET" : "NOT MET"}`;

  // Dashboard: one warm-up, then 25 requests one after another.
  const dashboardPath = `/api/charters/${charterId}/dashboard`;
  const probe = await server.api("GET", dashboardPath, { token: pilot });
  if (probe.status == 404 && probe.body?.error?.id == "not_found" && /API/.test(probe.body.error.message)) lines.push("  dashboard: the route GET /api/charters/:id/dashboard is not on this build yet — not measured");
  else {
    if (probe.status != 200) throw new Error(`dashboard: ${probe.status} ${JSON.stringify(probe.body).slice(0, 300)}`);
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const [res, ms] = await time(() => server.api("GET", dashboardPath, { token: pilot }));
      if (res.status != 200) throw new Error(`dashboard: ${res.status}`);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    lines.push(line("dashboard API, median of 25 requests", percentile(times, 0.5), 100));
    lines.push(line("dashboard API, p95 of 25 requests", percentile(times, 0.95), 100));
    lines.push(`    (answer of ${(JSON.stringify(probe.body).length / 1024).toFixed(0)} KiB)`);
  }

  // Report PDF of the last closed campaign: one warm-up (fonts read, code loaded), then the median of 3.
  const reportPath = `/api/charters/${charterId}/campaigns/${campaignIds.at(-1)}/report.pdf`;
  const warm = await fetch(server.url + reportPath, { headers: { authorization: `Bearer ${pilot}` } });
  if (warm.status == 404 && /API/.test(((await warm.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? "")) lines.push("  report PDF: the route GET …/campaigns/:campaignId/report.pdf is not on this build yet — not measured");
  else {
    if (warm.status != 200) throw new Error(`report.pdf: ${warm.status}`);
    await warm.arrayBuffer();
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < 3; i++) {
      const [bytes, ms] = await time(async () => {
        const res = await fetch(server.url + reportPath, { headers: { authorization: `Bearer ${pilot}` } });
        if (res.status != 200) throw new Error(`report.pdf: ${res.status}`);
        return (await res.arrayBuffer()).byteLength;
      });
      size = bytes;
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    lines.push(line("report PDF of the last campaign, median of 3", times[1], 2000));
    lines.push(`    (${(size / 1024).toFixed(0)} KiB; slowest ${times[2].toFixed(0)} ms)`);
  }

  // CSV import of 10,000 values, three times (each file new periods, so none is refused as final); the slowest counts.
  // The server runs in this process: its CPU (all threads, SQLite's included) tells the work apart from waiting on a busy machine.
  const importTimes: number[] = [];
  const importCpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    const csv = valuesCsv(indicatorCodes, 10_000, 1900 + 30 * run);
    const cpu = process.cpuUsage();
    const [res, ms] = await time(() => server.api("POST", `/api/charters/${charterId}/indicators/import`, { token: committee, rawBody: csv, headers: { "content-type": "text/csv" } }));
    const used = process.cpuUsage(cpu);
    if (res.status != 201 || res.body.imported != 10_000) throw new Error(`import: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    importTimes.push(ms);
    importCpu.push((used.user + used.system) / 1000);
  }
  lines.push(line("CSV import of 10,000 values (slowest of 3)", Math.max(...importTimes), 1000));
  lines.push(`    (each: ${importTimes.map((t) => t.toFixed(0)).join(", ")} ms; CPU of the process: ${importCpu.map((t) => t.toFixed(0)).join(", ")} ms; ${(valuesCsv(indicatorCodes, 10_000, 1900).length / 1024).toFixed(0)} KiB)`);

  console.log(`Follow-up of a signed charter on ${database.name}: ${SIZE.organisations} organisations, ${SIZE.commitments} commitments, ${SIZE.indicators} indicators, ${campaignIds.length} closed yearly campaigns`);
  console.log(`  (${counts.declarations} declarations, ${counts.appraisals} appraisals, ${counts.evidence} links as evidence, ${counts.values} yearly values; built through the API in ${(built / 1000).toFixed(1)} s)`);
  for (const l of lines) console.log(l);
  await server.close();
  // The report's export worker would keep the process alive.
  await exportRenderer.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
