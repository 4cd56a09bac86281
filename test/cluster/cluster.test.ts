import { expect } from "chai";
import * as Y from "yjs";
import { clauseText, connectClient, fragmentOf, eventually, type CollabServer, type TestClient } from "../helpers/collab.js";
import { clusterDatabaseAvailable, printLogsOnFailure, startCluster, type Cluster } from "../helpers/cluster.js";
import { seedCharter, type SeededCharter } from "../helpers/clusterSeed.js";
import { startHashingForwarder, type HashingForwarder } from "../helpers/hashingForwarder.js";
import { startHaproxy, type Haproxy } from "../helpers/haproxy.js";
import { apiAt } from "../helpers/httpApi.js";
import { sameDocs } from "../helpers/typist.js";
import { leaseOf, storedDoc } from "../helpers/clusterDatabase.js";

if (clusterDatabaseAvailable()) describe("three instances on one PostgreSQL", function () {
  this.timeout(60000);
  let cluster: Cluster;
  let seed: SeededCharter;
  let forwarder: HashingForwarder;
  let viaForwarder: CollabServer;
  /** The instance the forwarder sends the charter to (its first client makes it the owner), and the two others. */
  let owner: number;
  let others: [number, number];
  const clients: TestClient[] = [];
  const connect = async (server: CollabServer, token: string, options?: { waitForSync?: boolean }) => {
    const client = await connectClient(server, seed.charterId, token, options);
    clients.push(client);
    return client;
  };

  before(async () => {
    cluster = await startCluster({ instances: 3 });
    seed = await seedCharter(cluster.instances[0].api, { editors: 6, readers: 1 });
    forwarder = await startHashingForwarder(cluster.instances.map((x) => ({ name: x.id, port: x.port })));
    viaForwarder = { api: apiAt(forwarder.url), wsUrl: forwarder.wsUrl };
    owner = forwarder.backendFor(seed.charterId);
    others = [0, 1, 2].filter((i) => i != owner) as [number, number];
  });
  afterEach(printLogsOnFailure(() => cluster));
  after(async () => {
    clients.forEach((c) => c.destroy());
    await forwarder?.close();
    await cluster?.stop();
  });

  it("converges clients connected through the hashing forwarder and directly to the instances that do not own the charter", async () => {
    const [a, b, c] = seed.editors;
    const first = await connect(viaForwarder, a.token);
    const second = await connect(cluster.instances[others[0]], b.token);
    const third = await connect(cluster.instances[others[1]], c.token);
    // The first client made the instance it was sent to the owner; the others were forwarded to it.
    const lease = await leaseOf(cluster, seed.charterId);
    expect(lease?.instance_id).to.equal(cluster.instances[owner].id);

    clauseText(first.doc, 0).insert(0, "[premier]");
    clauseText(second.doc, 1).insert(0, "[deuxième]");
    clauseText(third.doc, 2).insert(0, "[troisième]");
    await Promise.all([first.stored(), second.stored(), third.stored()]);
    const all = [first, second, third];
    await eventually(() => sameDocs(all.map((x) => x.doc)) && clauseText(first.doc, 2).toString().startsWith("[troisième]") && clauseText(third.doc, 0).toString().startsWith("[premier]"), 10000, "convergence");
    // What every client has is what the database holds.
    expect(sameDocs([first.doc, await storedDoc(cluster, seed.charterId)])).to.equal(true);
  });

  it("refuses a reader's update whatever instance it came through", async () => {
    const reader = seed.readers[0];
    const writer = await connect(viaForwarder, seed.editors[3].token);
    const readers = [await connect(viaForwarder, reader.token), ...(await Promise.all(cluster.instances.map((x) => connect(x, reader.token))))];
    await eventually(() => readers.every((r) => r.canEdit === false), 10000, "read-only access on every instance");
    readers.forEach((r, i) => clauseText(r.doc, 4).insert(0, `[lecteur ${i}]`));
    await Promise.all(readers.map((r) => r.stored()));
    // An editor's change made after them reaches everyone; the readers' never reach anyone, nor the database.
    clauseText(writer.doc, 5).insert(0, "[après les lecteurs]");
    await writer.stored();
    await eventually(() => readers.every((r) => clauseText(r.doc, 5).toString().startsWith("[après les lecteurs]")), 10000, "the editor's change on every reader");
    expect(clauseText(writer.doc, 4).toString()).not.to.contain("[lecteur");
    expect(clauseText(await storedDoc(cluster, seed.charterId), 4).toString()).not.to.contain("[lecteur");
  });

  it("drops the edit rights of a client on one instance at once when a pilot lowers its role through another", async () => {
    const editor = seed.editors[4];
    const [b, c] = others;
    const lowered = await connect(cluster.instances[c], editor.token);
    const watcher = await connect(cluster.instances[b], seed.editors[5].token);
    await eventually(() => lowered.canEdit === true, 5000, "edit rights");
    const changed = await cluster.instances[b].api("PATCH", `/api/charters/${seed.charterId}/members/${editor.id}`, { token: seed.pilot.token, body: { role: "reader" } });
    expect(changed.status).to.equal(200);
    const at = Date.now();
    // The 5 s permission recheck would get there too; a change event reaches the owner well before.
    await eventually(() => lowered.canEdit === false, 5000, "read-only after the role change");
    expect(Date.now() - at, "ms until the drop").to.be.lessThan(2500);
    clauseText(lowered.doc, 6).insert(0, "[rétrogradé]");
    await lowered.stored();
    clauseText(watcher.doc, 7).insert(0, "[témoin]");
    await watcher.stored();
    await eventually(() => clauseText(lowered.doc, 7).toString().startsWith("[témoin]"), 10000, "the watcher's change");
    expect(clauseText(watcher.doc, 6).toString()).not.to.contain("[rétrogradé]");
    expect(clauseText(await storedDoc(cluster, seed.charterId), 6).toString()).not.to.contain("[rétrogradé]");
  });

  it("tells a client on one instance of a comment posted through another", async () => {
    const [b, c] = others;
    const listener = await connect(cluster.instances[c], seed.editors[0].token);
    const clauseId = firstClauseId(listener.doc);
    const posted = await cluster.instances[b].api("POST", `/api/charters/${seed.charterId}/comments`, { token: seed.editors[1].token, body: { clauseId, body: "Commentaire venu d'une autre instance." } });
    expect(posted.status).to.equal(201);
    await eventually(() => listener.changes.includes("comments"), 5000, "the comments announcement");
    const listed = await cluster.instances[c].api("GET", `/api/charters/${seed.charterId}/comments`, { token: seed.editors[0].token });
    expect(listed.body.threads.map((t: { body: string }) => t.body)).to.include("Commentaire venu d'une autre instance.");
  });

  it("serves the charter behind HAProxy: clients through it and directly converge, and REST through it sees what is stored", async () => {
    let haproxy: Haproxy | null = null;
    try {
      haproxy = await startHaproxy(cluster.instances.map((x) => ({ name: x.id, port: x.port })));
      const viaHaproxy: CollabServer = { api: apiAt(haproxy.url), wsUrl: haproxy.wsUrl };
      const behind = [await connect(viaHaproxy, seed.editors[2].token), await connect(viaHaproxy, seed.editors[3].token)];
      const direct = await connect(cluster.instances[others[0]], seed.editors[0].token);
      clauseText(behind[0].doc, 8).insert(0, "[haproxy un]");
      clauseText(behind[1].doc, 9).insert(0, "[haproxy deux]");
      clauseText(direct.doc, 10).insert(0, "[en direct]");
      await Promise.all([...behind, direct].map((x) => x.stored()));
      await eventually(() => sameDocs([...behind, direct].map((x) => x.doc)) && clauseText(direct.doc, 8).toString().startsWith("[haproxy un]"), 10000, "convergence behind HAProxy");
      const document = await viaHaproxy.api("GET", `/api/charters/${seed.charterId}/document`, { token: seed.pilot.token });
      expect(document.status).to.equal(200);
      for (const marker of ["[haproxy un]", "[haproxy deux]", "[en direct]"]) expect(JSON.stringify(document.body.document)).to.contain(marker);
    } finally {
      await haproxy?.stop();
    }
  });
});


/** The id of the charter's first clause, as the editor's document holds it. */
function firstClauseId(doc: Y.Doc): string {
  for (const section of fragmentOf(doc).toArray())
    if (section instanceof Y.XmlElement)
      for (const child of section.toArray()) if (child instanceof Y.XmlElement && child.nodeName == "clause") return child.getAttribute("id") as string;
  throw new Error("No clause in the document");
}
