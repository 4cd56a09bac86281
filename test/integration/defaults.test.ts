import { expect } from "chai";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";
import { openDatabase, migrate } from "../../server/store/db.js";
import { loadConfig } from "../../server/config.js";

/*
 * What a fresh install does by itself, with the real start-up (`server/main.ts`
 * in its own process, as `npm start` runs it): no demo unless asked, never on
 * an https address, and data files private to the server's user.
 */
describe("defaults and exposure of a fresh install", function () {
  this.timeout(60000);
  const folders: string[] = [];
  const servers: ServerProcess[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), "charte-defaults-"));
    folders.push(dir);
    return dir;
  };
  const mode = (path: string) => statSync(path).mode & 0o777;
  const start = async (env: Record<string, string>) => {
    const server = await startServerProcess({ PORT: String(await freePort()), ...env });
    servers.push(server);
    return server;
  };
  const login = (server: ServerProcess) =>
    fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "pilote@example.org", password: "charte-demo" }) });

  afterEach(async () => { for (const server of servers.splice(0)) await server.kill("SIGTERM"); });
  after(() => { for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true }); });

  it("seeds no demo unless asked: an empty database stays empty", async () => {
    const server = await start({ DATA_DIR: join(folder(), "data") });
    expect(server.output()).not.to.match(/Demo|charte-demo/);
    expect((await login(server)).status).to.equal(401);
  });

  it("seeds the demo when asked with SEED_DEMO=true (as `npm start` does), on an http address", async () => {
    const server = await start({ DATA_DIR: join(folder(), "data"), SEED_DEMO: "true" });
    // The logins are printed right after the line start-up waits for.
    for (let i = 0; i < 50 && !/pilote@example\.org/.test(server.output()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(server.output()).to.match(/Demo data created[\s\S]*pilote@example\.org/);
    expect((await login(server)).status).to.equal(200);
  });

  it("refuses the demo when PUBLIC_URL is https, and says so at start-up", async () => {
    const server = await start({ DATA_DIR: join(folder(), "data"), SEED_DEMO: "true", PUBLIC_URL: "https://charte.example.fr" });
    expect(server.output()).to.match(/SEED_DEMO=true refused: PUBLIC_URL is https:\/\/charte\.example\.fr \(https\)/);
    expect(server.output()).not.to.match(/Demo data created/);
    expect((await login(server)).status).to.equal(401);
  });

  it("creates the data folder and its files readable by their owner only", async () => {
    const data = join(folder(), "data");
    const server = await start({ DATA_DIR: data, SEED_DEMO: "true" });
    expect((await login(server)).status).to.equal(200);
    expect(mode(data)).to.equal(0o700);
    for (const file of ["charte.sqlite", "charte.sqlite-wal", "charte.sqlite-shm", "jwt-secret"]) expect(mode(join(data, file)), file).to.equal(0o600);
  });

  it("tightens a data folder an earlier version left readable by all", async () => {
    const data = join(folder(), "data");
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    for (const file of ["charte.sqlite-wal", "jwt-secret"]) {
      writeFileSync(join(data, file), file == "jwt-secret" ? "s".repeat(48) : "");
      chmodSync(join(data, file), 0o644);
    }
    const config = loadConfig({ DATA_DIR: data });
    const db = openDatabase(config);
    try {
      await migrate(db);
      expect(mode(data)).to.equal(0o700);
      for (const file of ["charte.sqlite", "charte.sqlite-wal", "charte.sqlite-shm", "jwt-secret"]) expect(mode(join(data, file)), file).to.equal(0o600);
    } finally {
      await db.destroy();
    }
  });
});
