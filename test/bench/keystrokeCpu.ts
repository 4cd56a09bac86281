/**
 * CPU per keystroke of the update validator's typing path (validate + apply),
 * on the full template, optionally after an update held back for a missing
 * dependency. `npx tsx test/bench/keystrokeCpu.ts`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as Y from "yjs";
import { prosemirrorToYDoc } from "y-prosemirror";
import { parseTemplate } from "../../server/templates/parse.js";
import { instantiateTemplate } from "../../server/templates/instantiate.js";
import { validateUpdate } from "../../server/collab/updateValidator.js";
import { clauseText } from "../helpers/collab.js";
import { departementByCode } from "../../server/shared/departements.js";

const file = join(import.meta.dirname, "../../charter-templates/charte-departementale.md");
const template = parseTemplate(file, readFileSync(file, "utf8"));
const { doc } = instantiateTemplate(template, { departement: departementByCode("49")!, organisationForKind: () => "org" });

function run(label: string, withPending: boolean, keystrokes = 3000): void {
  const server = prosemirrorToYDoc(doc, "prosemirror");
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  if (withPending) {
    // An update whose dependency (the first) is withheld.
    const attacker = new Y.Doc();
    Y.applyUpdate(attacker, Y.encodeStateAsUpdate(server));
    clauseText(attacker, 3).insert(0, "x");
    const sv = Y.encodeStateVector(attacker);
    clauseText(attacker, 3).insert(0, "y");
    const pending = Y.encodeStateAsUpdate(attacker, sv);
    try {
      validateUpdate(server, pending);
      Y.applyUpdate(server, pending);
    } catch (err) {
      console.log(`  (${label}: pending update refused: ${(err as Error).name})`);
    }
  }
  const updates: Uint8Array[] = [];
  client.on("update", (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < keystrokes; i++) clauseText(client, i % 40).insert(i % 7, "a");
  const warm = 300;
  for (const u of updates.slice(0, warm)) { validateUpdate(server, u); Y.applyUpdate(server, u); }
  const start = process.cpuUsage();
  for (const u of updates.slice(warm)) { validateUpdate(server, u); Y.applyUpdate(server, u); }
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000 / (updates.length - warm);
  console.log(`${label}: ${ms.toFixed(4)} ms CPU per keystroke (validate + apply, ${updates.length - warm} keystrokes)`);
}

run("fresh charter", false);
run("after a withheld-dependency update", true, 600);
