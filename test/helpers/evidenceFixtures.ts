import type { TestServer } from "./testServer.js";
import { charterAt } from "./signingFixtures.js";
import { DEMO_PASSWORD } from "../../db/seeds/demo.js";

/** A drawn signature: two strokes and a dot, in a 300 × 100 drawing area. */
export const DRAWN_IMAGE = { width: 300, height: 100, strokes: [[[20, 70], [60, 20], [100, 75], [140, 25]], [[160, 60], [200, 40], [260, 65]], [[280, 80]]] };

/**
 * A new charter open for signing (as `charterAt`), signed over HTTP by the
 * préfecture's signatory, drawn and par délégation: what the evidence file
 * needs to exist.
 */
export async function charterWithSignature(server: TestServer, fromCharterId: string): Promise<{ charterId: string; versionHash: string }> {
  const { charterId, versionHash } = await charterAt(server, fromCharterId, "signing");
  const token = await server.login("signataire@example.org");
  const res = await server.api("POST", `/api/charters/${charterId}/signatures`, {
    token,
    body: { versionHash, password: DEMO_PASSWORD, capacity: "Secrétaire général", delegation: "Arrêté préfectoral n° 2026-12 du 2 janvier 2026", consent: true, mode: "drawn", image: DRAWN_IMAGE, timeZone: "Europe/Paris" },
  });
  if (res.status != 201) throw new Error(`Signature failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { charterId, versionHash };
}
