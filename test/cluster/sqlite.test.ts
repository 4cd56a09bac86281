import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clusterDatabaseAvailable } from "../helpers/cluster.js";
import { freePort, startServerProcess } from "../helpers/serverProcess.js";

// Without PostgreSQL the multi-instance suite cannot run; what it checks instead is that no cluster can form.
if (!clusterDatabaseAvailable()) describe("several instances on SQLite", function () {
  this.timeout(60000);
  it("cannot form a cluster: a second instance on the same data folder is refused at start", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "charte-sqlite-cluster-"));
    const env = async () => ({ DATA_DIR: dataDir, PORT: String(await freePort()), SEED_DEMO: "true" });
    const first = await startServerProcess(await env());
    try {
      const second = await startServerProcess(await env()).then((s) => s, (err: Error) => err);
      if (!(second instanceof Error)) await second.kill();
      expect(second, "the second instance").to.be.instanceOf(Error);
      expect((second as Error).message).to.match(/exited with [1-9]/);
      // The first one goes on serving.
      expect((await fetch(`${first.url}/api/health`)).status).to.equal(200);
    } finally {
      await first.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
