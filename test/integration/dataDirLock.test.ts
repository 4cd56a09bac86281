import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";

/**
 * Issue 12: SQLite serves one process. A second server started on the same
 * data folder is refused at start with a message that says why and what to
 * do; a lock left by a process that crashed (SIGKILL) does not block the next.
 */
describe("one server per SQLite data folder", function () {
  this.timeout(60000);
  let dataDir: string;
  const servers: ServerProcess[] = [];
  const start = async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    servers.push(server);
    return server;
  };
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), "charte-lock-")); });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a second server on the same folder, naming the first one's process", async () => {
    const first = await start();
    const error = await start().then(() => null, (err: Error) => err);
    expect(error?.message).to.match(/server exited with 1/);
    expect(error?.message).to.include(`Charte cannot start: another Charte server (process ${first.child.pid}) is already using the data folder ${dataDir}`);
    expect(error?.message).to.include("DATABASE_URL");
    // The first one still serves.
    expect((await fetch(`${first.url}/api/health`)).status).to.equal(200);
  });

  it("starts after a server that crashed on the folder (its lock went with it)", async () => {
    const first = await start();
    await first.kill("SIGKILL");
    const second = await start();
    expect((await fetch(`${second.url}/api/health`)).status).to.equal(200);
  });

  it("starts after a server that stopped normally, and on another folder beside a running one", async () => {
    const first = await start();
    await first.kill("SIGTERM");
    await start();
    const elsewhere = mkdtempSync(join(tmpdir(), "charte-lock-other-"));
    try {
      const other = await startServerProcess({ DATA_DIR: elsewhere, PORT: String(await freePort()) });
      servers.push(other);
      expect((await fetch(`${other.url}/api/health`)).status).to.equal(200);
    } finally {
      for (const server of servers.splice(0)) await server.kill();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
