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
});
