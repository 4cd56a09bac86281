import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../server/config.js";

describe("configuration", () => {
  const made: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "charte-config-"));
    made.push(dir);
    return dir;
  };
  after(() => { for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true }); });

  it("has working defaults: port 3000, SQLite, no demo data unless asked", () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).to.include({ port: 3000, databaseUrl: null, seedDemo: false, seedDemoRefused: null, publicUrl: "http://localhost:3000" });
    expect(loadConfig({ DATA_DIR: dataDir(), SEED_DEMO: "true" })).to.include({ seedDemo: true, seedDemoRefused: null });
  });

  it("never seeds the demo when PUBLIC_URL is https, and says why", () => {
    const config = loadConfig({ DATA_DIR: dataDir(), SEED_DEMO: "true", PUBLIC_URL: "https://charte.example.fr/" });
    expect(config.seedDemo).to.equal(false);
    expect(config.seedDemoRefused).to.match(/SEED_DEMO=true refused: PUBLIC_URL is https:\/\/charte\.example\.fr \(https\)/);
  });

  it("refuses an organisation's evidence quota smaller than one file", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), EVIDENCE_MAX_BYTES: "2048", EVIDENCE_MAX_BYTES_PER_ORGANISATION: "1024" }))
      .to.throw(ConfigError, /EVIDENCE_MAX_BYTES_PER_ORGANISATION \(1024\) must be at least EVIDENCE_MAX_BYTES \(2048\)/);
    expect(loadConfig({ DATA_DIR: dataDir(), EVIDENCE_MAX_BYTES: "2048", EVIDENCE_MAX_BYTES_PER_ORGANISATION: "2048" }).evidenceQuota).to.deep.equal({ maxBytes: 2048, maxItems: 200 });
  });
  it("reads PORT, DATABASE_URL and SEED_DEMO", () => {
    const config = loadConfig({ DATA_DIR: dataDir(), PORT: "8080", DATABASE_URL: "postgres://u@localhost/db", SEED_DEMO: "false" });
    expect(config).to.include({ port: 8080, databaseUrl: "postgres://u@localhost/db", seedDemo: false });
  });

  it("names every bad variable in one error", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: "http", SEED_DEMO: "maybe", DATABASE_URL: "mysql://x" }))
      .to.throw(ConfigError, /PORT[\s\S]*DATABASE_URL[\s\S]*SEED_DEMO|PORT[\s\S]*SEED_DEMO/)
      .with.property("message").that.matches(/DATABASE_URL: must start with postgres:\/\//);
  });

  it("refuses a short JWT secret", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: "short" })).to.throw(ConfigError, /JWT_SECRET: must be at least 32 characters/);
  });

  it("generates the JWT secret once and keeps it in DATA_DIR", () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwtSecret).to.have.length.greaterThan(40);
    expect(second.jwtSecret).to.equal(first.jwtSecret);
    expect(readFileSync(join(dir, "jwt-secret"), "utf8").trim()).to.equal(first.jwtSecret);
  });

  it("uses JWT_SECRET when given", () => {
    const secret = "x".repeat(40);
    expect(loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret }).jwtSecret).to.equal(secret);
  });

  it("refuses an instance of a cluster (INSTANCE_ID on PostgreSQL) without JWT_SECRET, as each would make its own", () => {
    const postgres = { DATA_DIR: dataDir(), DATABASE_URL: "postgres://db.example/charte", INSTANCE_ID: "node-a", INTERNAL_URL: "http://10.0.0.2:3000" };
    expect(() => loadConfig(postgres)).to.throw(ConfigError, /JWT_SECRET: required when INSTANCE_ID and DATABASE_URL are set/);
    expect(loadConfig({ ...postgres, JWT_SECRET: "s".repeat(40) }).jwtSecret).to.equal("s".repeat(40));
    // Alone on PostgreSQL, or on SQLite, the generated secret still does.
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "postgres://db.example/charte" }).jwtSecret).to.have.length.above(31);
    expect(loadConfig({ DATA_DIR: dataDir(), INSTANCE_ID: "node-a" }).jwtSecret).to.have.length.above(31);
  });

  it("refuses an instance of a cluster listening beyond loopback without INTERNAL_URL (the others would forward to their own host)", () => {
    const cluster = { DATA_DIR: dataDir(), DATABASE_URL: "postgres://db.example/charte", INSTANCE_ID: "node-a", JWT_SECRET: "z".repeat(40) };
    expect(() => loadConfig(cluster)).to.throw(ConfigError, /INTERNAL_URL: required when INSTANCE_ID and DATABASE_URL are set and HOST \(0\.0\.0\.0\)/);
    expect(loadConfig({ ...cluster, INTERNAL_URL: "http://10.0.0.2:3000" }).cluster.internalUrl).to.equal("http://10.0.0.2:3000");
    expect(loadConfig({ ...cluster, HOST: "127.0.0.1" }).cluster.internalUrl).to.equal(null);
  });

  it("reads the cluster settings, derives one forwarding secret per JWT secret, and refuses a renewal slower than half the lease", () => {
    const secret = "y".repeat(40);
    const defaults = loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret }).cluster;
    expect(defaults).to.include({ internalUrl: null, leaseTtlMs: 10000, leaseRenewMs: 3000, livenessTimeoutMs: 2000 });
    expect(defaults.instanceId).to.match(new RegExp(`-${process.pid}$`));
    const set = loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret, INSTANCE_ID: "node-b", INTERNAL_URL: "http://10.0.0.2:3000/", LEASE_TTL_MS: "4000", LEASE_RENEW_MS: "1000", LIVENESS_TIMEOUT_MS: "1500" }).cluster;
    expect(set).to.include({ instanceId: "node-b", internalUrl: "http://10.0.0.2:3000", leaseTtlMs: 4000, leaseRenewMs: 1000, livenessTimeoutMs: 1500 });
    // Every instance sharing the JWT secret shares the forwarding secret, and it is not the JWT secret itself.
    expect(set.forwardingSecret).to.equal(defaults.forwardingSecret).and.have.length.greaterThan(30);
    expect(set.forwardingSecret).to.not.equal(secret);
    expect(loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: "z".repeat(40) }).cluster.forwardingSecret).to.not.equal(set.forwardingSecret);
    expect(() => loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret, LEASE_TTL_MS: "4000", LEASE_RENEW_MS: "3000" })).to.throw(ConfigError, /LEASE_RENEW_MS/);
    expect(defaults).to.include({ linkMaxBufferedBytes: 64 * 1024 * 1024, linkPingIntervalMs: 5000 });
    expect(loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret, LINK_PING_INTERVAL_MS: "2000" }).cluster.linkPingIntervalMs).to.equal(2000);
    expect(loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret, LINK_MAX_BUFFERED_BYTES: "8388608" }).cluster.linkMaxBufferedBytes).to.equal(8 * 1024 * 1024);
    expect(() => loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret, LINK_MAX_BUFFERED_BYTES: "1000" })).to.throw(ConfigError, /LINK_MAX_BUFFERED_BYTES/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret, INSTANCE_ID: "a b", INTERNAL_URL: "ftp://x" })).to.throw(ConfigError, /INSTANCE_ID[\s\S]*INTERNAL_URL/);
  });
});
