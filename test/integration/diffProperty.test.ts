import { expect } from "chai";
import * as Y from "yjs";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { connectClient, eventually, type TestClient } from "../helpers/collab.js";
import { Random, randomEdit, seedFrom } from "../helpers/randomEdits.js";
import { hasNoEntry, silentEntries, type DiffBody } from "../helpers/diffChecks.js";

/*
 * « Aucune différence » is said exactly when the two content hashes are
 * equal. Two co-authors make random edits anywhere in the charter (text,
 * marks, paragraphs turned into list items, lists, sections and clauses
 * added, removed and moved, commitments), some of which change the Yjs
 * history but not the content; after each round a version is saved through
 * the API, and the differences between it and the one before, an earlier one
 * and the live draft are asked of the server: empty exactly when the hashes
 * are equal, and every entry says what changed; last, edits no one saves
 * are kept by the hub as a checkpoint when both leave, and compared too. The seed is printed in the
 * suite's title; DIFF_PROPERTY_SEED replays it, DIFF_PROPERTY_ROUNDS sets
 * the number of rounds.
 */

const SEED = seedFrom("DIFF_PROPERTY_SEED");
const ROUNDS = Number(process.env.DIFF_PROPERTY_ROUNDS ?? 25);
const UNLIMITED = { points: 100000, perSeconds: 60 };

for (const kind of databaseKinds()) describe(`differences miss nothing, through the server on ${kind.name} (seed ${SEED}; DIFF_PROPERTY_SEED=${SEED} replays it)`, function () {
  this.timeout(120000);
  let server: TestServer;
  let charterId: string;
  const clients: TestClient[] = [];

  before(async () => {
    // This test saves and compares far more often than a person: the per-user budgets are lifted.
    server = await startTestServer({ database: kind, config: { userBudgets: { differences: UNLIMITED, versionSaves: UNLIMITED, collabTickets: UNLIMITED, exports: UNLIMITED, evidenceUploads: UNLIMITED } } });
    charterId = await demoCharterId(server);
  });
  after(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.close();
  });

  it("says there is no difference exactly when the content hashes are equal, after random edits anywhere", async () => {
    const [pilot, editor] = await Promise.all(["pilote@example.org", "redacteur@example.org"].map((e) => server.login(e)));
    const authors = [await connectClient(server, charterId, pilot), await connectClient(server, charterId, editor)];
    clients.push(...authors);
    const parties = (await server.api("GET", `/api/charters/${charterId}`, { token: pilot })).body.charter.signatories.map((o: { id: string }) => o.id);
    const rnd = new Random(SEED);
    let n = 0;
    const ctx = { parties, nextId: () => `cl-prop-${++n}` };

    const save = async (label: string) => {
      const res = await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilot, body: { label } });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return { id: res.body.id as string, hash: res.body.hash as string };
    };
    const compare = async (from: string, to: string, hashes: [string, string], why: string) => {
      const res = await server.api("GET", `/api/charters/${charterId}/diff?from=${from}&to=${to}`, { token: editor });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const diff = res.body as DiffBody & { hash: { from: string; to: string } };
      const context = `${why}\n${JSON.stringify(diff).slice(0, 1500)}`;
      expect(diff.hash, context).to.deep.equal({ from: hashes[0], to: hashes[1] });
      const same = hashes[0] == hashes[1];
      expect(diff.identical, context).to.equal(same);
      expect(hasNoEntry(diff), context).to.equal(same);
      expect(silentEntries(diff), context).to.deep.equal([]);
      return same;
    };

    const versions = [await save("Départ")];
    const seen = { same: 0, different: 0 };
    const log: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const author = rnd.pick(authors);
      const neutral = rnd.chance(0.2);
      for (let k = 1 + rnd.int(3); k > 0; k--) log.push(`round ${round}: ${randomEdit(author.doc, rnd, ctx, { neutral })}`);
      await Promise.race([author.stored(), author.closed.then((code) => { throw new Error(`The server refused an edit (${code}): ${log.slice(-3).join("; ")}`); })]);
      // The other author sees the edit before making one: no concurrent moves of one clause.
      await eventually(() => authors.every((a) => Buffer.from(Y.encodeStateVector(a.doc)).equals(Buffer.from(Y.encodeStateVector(author.doc)))), 5000, "both authors in sync");
      const version = await save(`Tour ${round}`);
      const why = `seed ${SEED}, ${kind.name}, round ${round}; last edits:\n${log.slice(-6).join("\n")}`;
      const last = versions.at(-1)!, earlier = rnd.pick(versions);
      for (const from of [last, earlier]) seen[(await compare(from.id, version.id, [from.hash, version.hash], why)) ? "same" : "different"]++;
      // The live draft is the version just saved.
      await compare(version.id, "draft", [version.hash, version.hash], why);
      versions.push(version);
    }
    // A last round of edits that no one saves: the hub keeps it as a checkpoint when both authors leave.
    const author = rnd.pick(authors);
    for (let k = rnd.int(3); k > 0; k--) log.push(`last round: ${randomEdit(author.doc, rnd, ctx)}`);
    // (The last one types a word, so that there is something to keep.)
    log.push(`last round: ${randomEdit(author.doc, rnd, ctx, { among: ["type"] })}`);
    await author.stored();
    for (const c of clients.splice(0)) c.destroy();
    const latest = async () => (await server.api("GET", `/api/charters/${charterId}/versions`, { token: pilot })).body.versions[0];
    await eventually(async () => (await latest()).kind == "auto", 10000, "the hub's checkpoint");
    const checkpoint = await latest();
    const why = `seed ${SEED}, ${kind.name}, checkpoint; last edits:\n${log.slice(-6).join("\n")}`;
    const last = versions.at(-1)!;
    seen[(await compare(last.id, checkpoint.id, [last.hash, checkpoint.hash], why)) ? "same" : "different"]++;
    await compare(checkpoint.id, "draft", [checkpoint.hash, checkpoint.hash], why);

    // Both sides of the property were met.
    expect(seen.same, JSON.stringify(seen)).to.be.at.least(ROUNDS / 10);
    expect(seen.different, JSON.stringify(seen)).to.be.at.least(ROUNDS);
  });
});
