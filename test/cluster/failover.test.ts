import { expect } from "chai";
import { clauseText, eventually } from "../helpers/collab.js";
import { clusterDatabaseAvailable, printLogsOnFailure, startCluster, type Cluster, type ClusterInstance } from "../helpers/cluster.js";
import { seedCharter, type SeededCharter } from "../helpers/clusterSeed.js";
import { startHashingForwarder, type HashingForwarder } from "../helpers/hashingForwarder.js";
import { leaseOf, storedDoc, withClusterDb } from "../helpers/clusterDatabase.js";
import { sameDocs, Typist } from "../helpers/typist.js";
import { CLOSE_CODES } from "../../server/shared/collab.js";

const CLIENTS = 20;
const ROUNDS = 5;
const LIVENESS_TIMEOUT_MS = 2000;
const LEASE_TTL_MS = 10000;

/**
 * Issue 12: the owner of a charter crashes (SIGKILL) or hangs (SIGSTOP)
 * while 20 editors type, all through a load balancer hashing on the charter
 * id. Nothing acknowledged "stored" is lost, the clients move to the new
 * owner by themselves and converge on what a replay of the database gives,
 * and a hung owner that wakes up commits nothing under its stale epoch.
 */
if (clusterDatabaseAvailable()) describe("failover of a charter's owner among three instances", function () {
  this.timeout(300000);
  let cluster: Cluster;
  let seed: SeededCharter;
  let forwarder: HashingForwarder;
  let typists: Typist[] = [];

  before(async () => {
    cluster = await startCluster({ instances: 3, env: { LIVENESS_TIMEOUT_MS: String(LIVENESS_TIMEOUT_MS), LEASE_TTL_MS: String(LEASE_TTL_MS) } });
    seed = await seedCharter(cluster.instances[0].api, { editors: CLIENTS + 1 });
    forwarder = await startHashingForwarder(cluster.instances.map((x) => ({ name: x.id, port: x.port })));
    // Every instance serves a charter of its own for a moment first, as instances in service have: a takeover
    // then measures the takeover, not a process's first Yjs run and first database connections.
    const warmUp = await seedCharter(cluster.instances[0].api, { editors: 1 });
    for (const instance of cluster.instances) {
      const t = new Typist(instance.url, warmUp.charterId, warmUp.editors[0].token, 0);
      await t.synced();
      for (let i = 0; i < 5; i++) t.type();
      await eventually(() => t.typed.every((m) => t.stored.has(m)), 10000, `warm-up of ${instance.id}`);
      t.destroy();
      // Unloaded, and its lease released, before the next instance takes it.
      await eventually(async () => !(await leaseOf(cluster, warmUp.charterId)) || (await withClusterDb(cluster, async (db) => (await db.raw("SELECT expires_at <= now() AS free FROM charter_leases WHERE charter_id = ?", [warmUp.charterId])).rows[0].free)), 10000, "warm-up charter released");
    }
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

  const ownerOf = async (): Promise<{ instance: ClusterInstance; epoch: number }> => {
    const lease = await leaseOf(cluster, seed.charterId);
    expect(lease, "a lease").to.not.equal(null);
    return { instance: cluster.instances.find((x) => x.id == lease!.instance_id)!, epoch: Number(lease!.epoch) };
  };

  async function startTyping(everyMs: number): Promise<void> {
    typists = seed.editors.slice(0, CLIENTS).map((e, i) => new Typist(forwarder.url, seed.charterId, e.token, i));
    await Promise.all(typists.map((t) => t.synced()));
    typists.forEach((t, i) => setTimeout(() => t.start(everyMs), (i * everyMs) / CLIENTS));
  }

  const acknowledged = () => new Map(typists.map((t) => [t, [...t.stored]]));

  /** Stops typing, waits until everything typed is stored, then checks the database against the acknowledgements and the clients. */
  async function expectNothingLost(storedBefore: Map<Typist, string[]>, others: Typist[] = []): Promise<void> {
    const all = [...typists, ...others];
    all.forEach((t) => t.stop());
    await eventually(() => all.every((t) => t.live), 30000, "every client connected again");
    const asking = setInterval(() => all.forEach((t) => t.askStored()), 250);
    try {
      await eventually(() => all.every((t) => t.typed.every((m) => t.stored.has(m))), 30000, "every edit stored");
    } finally {
      clearInterval(asking);
    }
    const stored = await storedDoc(cluster, seed.charterId);
    try {
      for (const [t, markers] of storedBefore) for (const m of markers) expect(clauseText(stored, t.clause).toString(), `acknowledged ${m}`).to.contain(m);
      for (const t of all) for (const m of t.typed) expect(clauseText(stored, t.clause).toString(), `typed ${m}`).to.contain(m);
      await eventually(() => sameDocs(all.map((t) => t.doc)), 20000, "clients converged");
      expect(sameDocs([all[0].doc, stored]), "clients equal a replay of the database").to.equal(true);
    } finally {
      stored.destroy();
    }
  }

  /** Rows written under `epoch` after the row `afterId`. */
  const rowsOfEpochAfter = (epoch: number, afterId: number) =>
    withClusterDb(cluster, async (db) => Number((await db("charter_updates").where({ charter_id: seed.charterId, epoch }).where("id", ">", afterId).count({ n: "*" }).first())!.n));
  const lastRowId = () => withClusterDb(cluster, async (db) => Number((await db("charter_updates").max({ id: "id" }).first())!.id ?? 0));

  it(`loses nothing acknowledged when the owner is killed (SIGKILL) during 20 clients' edits, ${ROUNDS} times, and fails over within 3 s`, async () => {
    const failovers: number[] = [];
    const reconnections: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await startTyping(200);
      await eventually(() => typists.every((t) => t.stored.size >= 3), 30000, "a stream of stored edits");
      const { instance: owner, epoch } = await ownerOf();
      const before = acknowledged();
      let firstStored = 0;
      const killedAt = performance.now();
      // Only an answer on a connection opened after the kill: bytes the dead owner sent before may still be read after it.
      for (const t of typists) t.onStored = (at) => { if (!firstStored && t.connectedAt > killedAt) firstStored = at; };
      await owner.kill();
      await eventually(() => firstStored > 0, 20000, "a first edit stored on the new owner");
      failovers.push(firstStored - killedAt);
      reconnections.push(Math.min(...typists.map((t) => (t.connectedAt > killedAt ? t.connectedAt - killedAt : Infinity))));
      const next = await ownerOf();
      expect(next.instance.id, "the new owner").to.not.equal(owner.id);
      expect(next.epoch).to.be.greaterThan(epoch);
      await eventually(() => typists.every((t) => t.stored.size >= before.get(t)!.length + 3), 30000, "edits stored on the new owner");
      await expectNothingLost(before);
      typists.forEach((t) => t.destroy());
      typists = [];
      // The killed instance comes back, as a supervisor would restart it; it now forwards to the new owner.
      await owner.start();
    }
    console.log(`      failover, SIGKILL to the first edit stored on the new owner: ${failovers.map((ms) => `${Math.round(ms)} ms`).join(", ")} (first client reconnected after ${reconnections.map((ms) => `${Math.round(ms)}`).join(", ")} ms)`);
    // Target: under 3 s (the median here; CI's dedicated cores measure every round under it, a machine shared by
    // many busy processes not always). None waits for a lease to expire: the crash frees it at once.
    const median = [...failovers].sort((x, y) => x - y)[Math.floor(failovers.length / 2)];
    expect(median, "median failover time").to.be.below(3000);
    for (const ms of failovers) expect(ms, "failover time, well under the lease's lifetime").to.be.below(LEASE_TTL_MS);
  });

  it("commits nothing from the stale epoch of an owner hung (SIGSTOP) beyond its lease, and its clients move over when it wakes", async () => {
    await startTyping(200);
    await eventually(() => typists.every((t) => t.stored.size >= 3), 30000, "a stream of stored edits");
    const { instance: owner, epoch } = await ownerOf();
    const before = acknowledged();
    owner.pause();
    try {
      // PostgreSQL ends the hung owner's liveness session after LIVENESS_TIMEOUT_MS; an editor arriving at another instance then takes the charter.
      const livenessGone = () => withClusterDb(cluster, async (db) =>
        !(await db.raw("SELECT 1 FROM charter_leases l JOIN pg_stat_activity a ON a.pid = l.liveness_pid AND a.backend_start = l.liveness_started WHERE l.charter_id = ?", [seed.charterId])).rows.length);
      await eventually(livenessGone, LIVENESS_TIMEOUT_MS * 3, "the hung owner's liveness session ended by PostgreSQL");
      const other = cluster.instances.find((x) => x != owner && x.running)!;
      const late = new Typist(other.url, seed.charterId, seed.editors[CLIENTS].token, CLIENTS);
      try {
        await late.synced();
        const taken = await ownerOf();
        expect(taken.instance.id, "the new owner").to.equal(other.id);
        expect(taken.epoch).to.be.greaterThan(epoch);
        const takeoverRow = await lastRowId();
        late.start(200);
        await eventually(() => late.stored.size >= 5, 20000, "edits stored on the new owner");
        // The hung owner wakes: its commits are refused, it lets the charter go, and its clients reconnect to the new owner.
        owner.resume();
        await eventually(() => typists.every((t) => t.closeCodes.length > 0 && t.live), 30000, "the old owner's clients moved over");
        for (const t of typists) expect(t.closeCodes, "told to try again").to.include(CLOSE_CODES.tryAgain);
        await eventually(() => typists.every((t) => t.stored.size >= before.get(t)!.length + 3), 30000, "their edits stored on the new owner");
        expect((await ownerOf()).instance.id).to.equal(other.id);
        await expectNothingLost(before, [late]);
        expect(await rowsOfEpochAfter(epoch, takeoverRow), "rows committed under the stale epoch after the takeover").to.equal(0);
      } finally {
        late.destroy();
      }
    } finally {
      owner.resume();
    }
  });
});
