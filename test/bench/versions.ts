// `npm run bench:versions`: saving a version of the full template, and the
// difference between two versions with 100 changed clauses, through the real
// HTTP API on a real SQLite database. Targets: each under 200 ms.
import * as Y from "yjs";
import { startTestServer } from "../helpers/testServer.js";
import { demoCharterId, freshCharter } from "../helpers/fixtures.js";
import type { Knex } from "knex";
import { DOCUMENT_FIELD, draftSnapshot, loadStoredYDoc, ydocToCharter } from "../../server/domain/documents.js";
import type { DocumentChange } from "../../server/collab/documentChanges.js";
import { quantile } from "./processStats.js";

const RUNS = 7;
// One untimed run of each operation first: timings are of a running server, not of code being compiled.
const WARMUP = 1;

async function main() {
  // The per-user budgets (HTTP 429 beyond) would stop the repeated runs: this measures the work, not the limit.
  const unlimited = { points: 1e6, perSeconds: 60 };
  const server = await startTestServer({ config: { userBudgets: { differences: unlimited, versionSaves: unlimited, collabTickets: unlimited, exports: unlimited, evidenceUploads: unlimited } } });
  const token = await server.login("pilote@example.org");
  const pilotId = (await server.services.db("users").where({ email: "pilote@example.org" }).first()).id;
  const time = async (fn: () => Promise<unknown>) => { const t = performance.now(); await fn(); return performance.now() - t; };
  const size = async (charterId: string) => {
    const s = await draftSnapshot(server.services, charterId);
    let clauses = 0, commitments = 0;
    s.doc.descendants((n) => { if (n.type.name == "clause") clauses++; if (n.type.name == "commitment") commitments++; return true; });
    return `${clauses} clauses, ${commitments} commitments, ${(JSON.stringify(s.doc.toJSON()).length / 1024).toFixed(0)} KiB of JSON, ${(s.ystate.byteLength / 1024).toFixed(0)} KiB of Yjs state`;
  };
  const saveTimes = async (charterId: string) => {
    const times: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) times.push(await time(async () => {
      const res = await server.api("POST", `/api/charters/${charterId}/versions`, { token, body: { label: `Version ${i}` } });
      if (res.status != 201) throw new Error(JSON.stringify(res.body));
    }));
    return times.slice(WARMUP);
  };
  const line = (what: string, times: number[]) => {
    const median = quantile(times, 0.5);
    return `  ${what.padEnd(58)} median ${median.toFixed(1).padStart(6)} ms, max ${Math.max(...times).toFixed(1).padStart(6)} ms — target < 200 ms → ${Math.max(...times) < 200 ? "MET" : median < 200 ? "MET (median)" : "NOT MET"}`;
  };

  // 1. Saving a version of the charter made from the full template.
  const demo = await demoCharterId(server);
  console.log(`The full template: ${await size(demo)}`);
  console.log(line("save a version (POST /versions)", await saveTimes(demo)));

  // 2. A bigger charter (the template three times over), two versions 100 clauses apart.
  const big = await freshCharter(server);
  await server.services.liveDocuments.changeDocument(big, pilotId, await contentChange(server.services.db, big, (doc) => {
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    const sections = fragment.toArray().filter((n) => n instanceof Y.XmlElement && n.nodeName == "section") as Y.XmlElement[];
    for (let copy = 1; copy <= 2; copy++)
      fragment.insert(fragment.length, sections.map((s) => cloneWithNewIds(s, `c${copy}`)));
  }));
  console.log(`\nThe template three times over: ${await size(big)}`);
  console.log(line("save a version (POST /versions)", await saveTimes(big)));
  const from = (await server.api("POST", `/api/charters/${big}/versions`, { token, body: { label: "Avant" } })).body.id;
  await server.services.liveDocuments.changeDocument(big, pilotId, await contentChange(server.services.db, big, (doc) => {
    const clauses = allClauses(doc);
    clauses.slice(0, 100).forEach((clause, i) => {
      const text = firstText(clause);
      if (text && i % 3 == 0) text.insert(Math.min(5, text.length), " (modifié lors du comité du 12 mars)");
      else if (text && i % 3 == 1) text.delete(0, Math.min(12, text.length));
      else if (text) text.insert(text.length, " Le comité de suivi en rend compte chaque année.");
      const commitment = clause.toArray().find((c) => c instanceof Y.XmlElement && c.nodeName == "commitment") as Y.XmlElement | undefined;
      if (commitment && i % 4 == 0) commitment.setAttribute("indicator", "Indicateur révisé");
    });
  }));
  const to = (await server.api("POST", `/api/charters/${big}/versions`, { token, body: { label: "Après" } })).body.id;
  let changed = 0;
  const diff = (a: string, b: string) => time(async () => {
    const res = await server.api("GET", `/api/charters/${big}/diff?from=${a}&to=${b}`, { token });
    changed = res.body.clauses.length;
  });
  // Warm-up on the other charter's versions, so that the first timed difference
  // measures reading two versions from the database, not compiling the code.
  const demoVersions = (await server.api("GET", `/api/charters/${demo}/versions`, { token })).body.versions;
  await server.api("GET", `/api/charters/${demo}/diff?from=${demoVersions.at(-1).id}&to=draft`, { token });
  // The first difference involving a version reads it; later ones find it read.
  const first = await diff(from, to);
  const diffTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) diffTimes.push(await diff(from, to));
  console.log(line(`difference of two versions, ${changed} clauses changed (GET /diff)`, diffTimes));
  console.log(line("  the same, first time (both versions read from the database)", [first]));
  await server.close();
}

function allClauses(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  for (const s of doc.getXmlFragment(DOCUMENT_FIELD).toArray())
    if (s instanceof Y.XmlElement && s.nodeName == "section")
      for (const c of s.toArray()) if (c instanceof Y.XmlElement && c.nodeName == "clause") out.push(c);
  return out;
}

function firstText(clause: Y.XmlElement): Y.XmlText | null {
  for (const c of clause.toArray()) if (c instanceof Y.XmlElement && c.nodeName == "paragraph" && c.get(0) instanceof Y.XmlText) return c.get(0) as Y.XmlText;
  return null;
}

/** A copy of an element (clause and commitment ids suffixed so they stay unique). */
function cloneWithNewIds(el: Y.XmlElement, suffix: string): Y.XmlElement {
  const copy = new Y.XmlElement(el.nodeName);
  for (const [k, v] of Object.entries(el.getAttributes())) copy.setAttribute(k, k == "id" ? `${v}-${suffix}` : (v as string));
  copy.insert(0, el.toArray().map((c) => (c instanceof Y.XmlElement ? cloneWithNewIds(c, suffix) : (c as Y.XmlText).clone())));
  return copy;
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});

/** The change that makes a draft what `edit` makes of a copy of it (as a restore would). */
async function contentChange(db: Knex, charterId: string, edit: (doc: Y.Doc) => void): Promise<DocumentChange> {
  const doc = await loadStoredYDoc(db, charterId);
  try {
    edit(doc);
    return { kind: "content", document: ydocToCharter(doc).toJSON() };
  } finally {
    doc.destroy();
  }
}
