import { expect } from "chai";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { freshCharter } from "../helpers/fixtures.js";
import { UpdateStore } from "../../server/collab/updateStore.js";
import { loadStoredYDoc } from "../../server/domain/documents.js";
import { clauseTexts } from "../bench/rawClient.js";

for (const kind of databaseKinds()) describe(`group commit on ${kind.name}`, function () {
  this.timeout(30000);
  let server: TestServer;
  before(async () => { server = await startTestServer({ database: kind }); });
  after(() => server.close());

  const rows = async (charterId: string) => Number((await server.services.db("charter_updates").where({ charter_id: charterId }).count({ n: "*" }).first())!.n);

  it("writes a group's updates of one charter as one merged row, which loads to the same document", async () => {
    const [a, b] = [await freshCharter(server), await freshCharter(server)];
    const store = new UpdateStore(server.services.db, 20);
    const docs = [await loadStoredYDoc(server.services.db, a), await loadStoredYDoc(server.services.db, b)];
    const [rowsA, rowsB] = [await rows(a), await rows(b)];
    const pending: Promise<void>[] = [];
    // Updates of a, then of b, then of a again: three runs, three rows.
    for (const [i, charter] of [a, a, a, b, b, a].entries()) {
      const doc = docs[charter == a ? 0 : 1];
      doc.once("update", (u: Uint8Array) => pending.push(store.store(charter, u, null)));
      clauseTexts(doc)[0].insert(0, `mot${i} `);
    }
    await Promise.all(pending);
    expect(await rows(a) - rowsA).to.equal(2);
    expect(await rows(b) - rowsB).to.equal(1);
    for (const [i, charter] of [a, b].entries()) {
      const loaded = await loadStoredYDoc(server.services.db, charter);
      expect(clauseTexts(loaded)[0].toString()).to.equal(clauseTexts(docs[i])[0].toString());
    }
    await store.close();
  });

  it("stores updates it cannot merge one by one rather than lose them", async () => {
    const charter = await freshCharter(server);
    const store = new UpdateStore(server.services.db, 20);
    const before = await rows(charter);
    // Not Yjs updates: a merge throws; each is still written as it came.
    await Promise.all([store.store(charter, new Uint8Array([1, 2, 3]), null), store.store(charter, new Uint8Array([4, 5]), null)]);
    expect(await rows(charter) - before).to.equal(2);
    await store.close();
  });
});
