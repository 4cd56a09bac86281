import { expect } from "chai";
import { startTestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { clauseText, connectClient, eventually } from "../helpers/collab.js";

/**
 * A charter is checkpointed and compacted when its last client leaves. A
 * server closing meanwhile must wait for that work, or it would close the
 * database under it (found in CI: the checkpoint's query timed out a minute
 * later, in another test's server).
 */
for (const kind of databaseKinds()) describe(`closing the collaboration server on ${kind.name}`, function () {
  this.timeout(30000);

  it("waits for a charter being unloaded, which keeps its checkpoint without error", async () => {
    const server = await startTestServer({ database: kind });
    const charterId = await demoCharterId(server);
    const client = await connectClient(server, charterId, await server.login("redacteur@example.org"));
    clauseText(client.doc).insert(0, "Dernier mot ");
    await client.stored();

    // Every database connection is held, so the unload will be under way, waiting for one, when closing starts.
    const db = server.services.db;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const poolSize = (db.client as { pool: { max: number } }).pool.max;
    const holders = Array.from({ length: poolSize }, () => db.transaction(() => gate));
    await eventually(async () => (db.client as { pool: { numUsed(): number } }).pool.numUsed() == poolSize, 5000, "connections held");

    let checkpointed = false;
    server.services.events.on("topic-changed", ({ topic }: { topic: string }) => { if (topic == "versions") checkpointed = true; });
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args); original(...args); };
    try {
      client.destroy();
      const unloads = (server.hub as unknown as { unloads: Set<Promise<void>> }).unloads;
      await eventually(() => unloads.size > 0, 5000, "unload under way");
      const closing = server.hub.close();
      await new Promise((r) => setTimeout(r, 100));
      release();
      await Promise.all(holders);
      await closing;
      expect(checkpointed, "checkpoint saved when the hub says it is closed").to.equal(true);
      await server.close();
    } finally {
      console.error = original;
    }
    expect(errors, "errors logged while closing").to.deep.equal([]);
  });
});
