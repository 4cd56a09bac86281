// `npm run bench:signature`: the signed PDF of the full demo charter (its 14
// signatory organisations), through the real HTTP API on a real SQLite
// database: the base PDF (the charter with its blocks and certificate page),
// each signature request (password check, signature row and the incremental
// PAdES update of the PDF, in one transaction), the last one (with the final
// seal), and the verification of the final file. Targets: last signature
// < 1 s, whole PDF < 2 s, verification < 200 ms.
import { startTestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { charterAt } from "../helpers/signingFixtures.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";
import { getCharter } from "../../server/store/charters.js";
import { currentRound } from "../../server/store/signing.js";
import { loadSignedPdfModel } from "../../server/domain/signing/signedPdfRecorder.js";
import { renderBaseSignedPdf } from "../../server/export/signed/signedPdf.js";
import { verifyPdfSignatures } from "../../server/domain/signing/verify/pdfSignatureVerifier.js";

async function main() {
  const server = await startTestServer();
  const { db } = server.services;
  const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => { const t = performance.now(); const r = await fn(); return [r, performance.now() - t]; };
  const demo = await demoCharterId(server);
  const { charterId, versionHash } = await charterAt(server, demo, "signing");
  const charter = (await getCharter(db, charterId))!;
  const round = (await currentRound(db, charterId))!;
  await server.services.seal.key();
  // Warm-up: fonts read, code compiled.
  await renderBaseSignedPdf(await loadSignedPdfModel(server.services, db, charter, round));
  const [, base] = await time(async () => renderBaseSignedPdf(await loadSignedPdfModel(server.services, db, charter, round)));
  const version = await db("charter_versions").where({ hash: versionHash }).first();
  const counted = { clauses: (version.document.match(/"type":"clause"/g) ?? []).length, commitments: (version.document.match(/"type":"commitment"/g) ?? []).length };

  const signatories: { organisation_id: string; email: string }[] = await db("memberships").join("users", "users.id", "memberships.user_id")
    .where({ "memberships.charter_id": charterId, "memberships.role": "signatory" }).select("memberships.organisation_id", "users.email");
  const seen = new Set<string>();
  const each = signatories.filter((s) => !seen.has(s.organisation_id) && seen.add(s.organisation_id));
  const tokens = await Promise.all(each.map((s) => server.login(s.email)));
  const times: number[] = [];
  for (const [i, token] of tokens.entries()) {
    const [res, ms] = await time(() => server.api("POST", `/api/charters/${charterId}/signatures`, {
      token, body: { versionHash, password: DEMO_PASSWORD, capacity: "Directeur", consent: true, mode: i % 2 ? "typed" : "drawn", typedName: "Nom Prénom", image: { width: 400, height: 150, strokes: [[[20, 100], [80, 40], [140, 110], [220, 30], [300, 90]]] } },
    }));
    if (res.status != 201) throw new Error(JSON.stringify(res.body));
    times.push(ms);
  }
  const row = await db("signed_pdfs").where({ round_id: round.id }).first();
  const pdf = Buffer.from(row.pdf);
  const pinned = [(await server.services.seal.key()).certificateSha256];
  await verifyPdfSignatures(pdf, pinned);
  const [verified, verify] = await time(() => verifyPdfSignatures(pdf, pinned));
  if (!verified.valid) throw new Error(`the signed PDF does not verify: ${verified.message}`);

  const line = (what: string, ms: number, target: number) => `  ${what.padEnd(62)} ${ms.toFixed(0).padStart(6)} ms — target < ${target} ms → ${ms < target ? "MET" : "NOT MET"}`;
  console.log(`Signed PDF of the demo charter: ${counted.clauses} articles, ${counted.commitments} commitments, ${each.length} signatures + final seal`);
  console.log(line("whole PDF (charter, signature blocks, certificate page)", base, 2000));
  console.log(line("last signature (request, with the final seal)", times.at(-1)!, 1000));
  console.log(line("verification of the final PDF", verify, 200));
  console.log(`  signature requests: median ${[...times].sort((a, b) => a - b)[Math.floor(times.length / 2)].toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (each includes the password check)`);
  console.log(`  PDF size: ${(pdf.length / 1024).toFixed(0)} KiB (${pdf.length} bytes), ${verified.signatures.length} signatures`);
  await server.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
