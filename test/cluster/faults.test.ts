import { expect } from "chai";
import { clauseText, eventually } from "../helpers/collab.js";
import { clusterDatabaseAvailable, printLogsOnFailure, startCluster, type Cluster } from "../helpers/cluster.js";
import { seedCharter, type SeededCharter } from "../helpers/clusterSeed.js";
import { startHashingForwarder, type HashingForwarder } from "../helpers/hashingForwarder.js";
import { leaseOf, storedDoc, terminateBackendsOf } from "../helpers/clusterDatabase.js";
import { sameDocs, Typist } from "../helpers/typist.js";

const CLIENTS = 20;

// Faults beyond a crash of the owner (SIGKILL and SIGSTOP are in failover.test.ts):
// its database connections cut, and a rolling restart of every instance.
if (clusterDatabaseAvailable()) describe("three instances on one PostgreSQL, under faults", function () {
  this.timeout(120000);
  let cluster: Cluster;
  let seed: SeededCharter;
  let forwarder: HashingForwarder;
  let typists: Typist[] = [];

  before(async () => {
    cluster = await startCluster({ instances: 3 });
    seed = await seedCharter(cluster.instances[0].api, { editors: CLIENTS });
    forwarder = await startHashingForwarder(cluster.instances.map((x) => ({ name: x.id, port: x.port })));
  });
  afterEach(printLogsOnFailure(() => cluster));
  afterEach(() => {
    typists.forEach((t) => t.destroy());
    typists = [];
  });
  after(async () => {
    await forwarder?.close();
    await cluster?.stop();
  });

  /** 20 editors: half through the forwarder (to the owner), the others directly to each instance in turn. */
  async function startTyping(everyMs: number): Promise<void> {
    typists = seed.editors.map((e, i) => new Typist(i % 2 ? cluster.instances[(i >> 1) % 3].url : forwarder.url, seed.charterId, e.token, i));
    await eventually(() => typists.every((t) => t.live), 20000, "every editor connected and synced");
    typists.forEach((t, i) => setTimeout(() => t.start(everyMs), (i * everyMs) / CLIENTS));
  }

  /** Stops typing, waits until every client is back and has everything stored, then checks the database against them. */
  async function expectNothingLost(storedBefore: Map<Typist, string[]>): Promise<void> {
    typists.forEach((t) => t.stop());
    await eventually(() => typists.every((t) => t.live), 30000, "every client connected again");
    // Asked again every 250 ms (within the per-connection message budget) until all is confirmed.
    const asking = setInterval(() => typists.forEach((t) => t.askStored()), 250);
    try {
      await eventually(() => typists.every((t) => t.typed.every((m) => t.stored.has(m))), 30000, "every edit stored");
    } finally {
      clearInterval(asking);
    }
    const stored = await storedDoc(cluster, seed.charterId);
    // Every edit acknowledged before the fault is in the database; so is every edit made at all, since clients resend.
    for (const [t, markers] of storedBefore) for (const m of markers) expect(clauseText(stored, t.clause).toString(), m).to.contain(m);
    for (const t of typists) for (const m of t.typed) expect(clauseText(stored, t.clause).toString(), m).to.contain(m);
    await eventually(() => sameDocs(typists.map((t) => t.doc)), 20000, "clients converged");
    // And the clients hold exactly what a replay of the database gives.
    expect(sameDocs([typists[0].doc, await storedDoc(cluster, seed.charterId)]), "clients equal the database").to.equal(true);
  }

  const acknowledged = () => new Map(typists.map((t) => [t, [...t.stored]]));

  it("loses nothing acknowledged when the owner's database connections are cut during edits", async () => {
    await startTyping(100);
    await eventually(() => typists.every((t) => t.stored.size >= 5), 20000, "a stream of stored edits");
    const owner = await leaseOf(cluster, seed.charterId);
    expect(owner, "a lease").to.not.equal(null);
    const before = acknowledged();
    const ended = await terminateBackendsOf(cluster, owner!.instance_id);
    expect(ended, "connections ended").to.be.greaterThan(0);
    // Editing goes on over the cut, then through whatever instance owns the charter afterwards.
    await eventually(() => typists.every((t) => t.stored.size >= before.get(t)!.length + 5), 30000, "edits stored after the cut");
    await expectNothingLost(before);
  });

  it("loses nothing in a rolling restart of all three instances under load from 20 clients", async () => {
    await startTyping(150);
    await eventually(() => typists.every((t) => t.stored.size >= 3), 20000, "a stream of stored edits");
    const before = acknowledged();
    for (const instance of cluster.instances) {
      const code = await instance.terminate();
      expect(code, `${instance.id} exit code after SIGTERM`).to.equal(0);
      await instance.start();
      // The next one goes only once every client is back and storing again, as a deploy waits for health.
      const counts = new Map(typists.map((t) => [t, t.stored.size]));
      await eventually(() => typists.every((t) => t.live && t.stored.size > counts.get(t)!), 30000, `edits stored after restarting ${instance.id}`);
    }
    await expectNothingLost(before);
    // Clients are told to come back (1012 service restart, 1013 try again) or lose a socket (1006), never refused.
    const codes = new Set(typists.flatMap((t) => t.closeCodes));
    for (const code of codes) expect([1000, 1001, 1005, 1006, 1012, 1013], `close code ${code}`).to.include(code);
  });
});
