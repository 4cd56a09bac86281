// Start-up: configuration → database → templates → demo data → one HTTP server.
import { ConfigError, loadConfig } from "./config.js";
import { migrate, openDatabase } from "./store/db.js";
import { loadTemplates } from "./templates/load.js";
import { createCharteServer, listen } from "./server.js";
import { seedDemo, DEMO_PASSWORD } from "../db/seeds/demo.js";
import { ROLE_LABELS } from "./shared/roles.js";
import { createServices } from "./services.js";
import { checkSeal } from "./domain/signing/seal/platformSeal.js";
import { startEventBus } from "./cluster/eventBus.js";
import { stopGracefully } from "./shutdown.js";
import { DataDirInUseError, lockDataDir } from "./store/dataDirLock.js";

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Charte cannot start. ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  // SQLite serves one process: a second server on the same folder stops here (the lock goes with the process, however it ends).
  if (!config.databaseUrl) {
    try {
      await lockDataDir(config.dataDir);
    } catch (err) {
      console.error(`Charte cannot start: ${err instanceof DataDirInUseError ? err.message : `the data folder ${config.dataDir} could not be locked (${(err as Error).message})`}`);
      process.exit(1);
    }
  }
  const db = openDatabase(config);
  try {
    await migrate(db);
  } catch (err) {
    console.error(`Charte cannot start: the database ${config.databaseUrl ? "at DATABASE_URL" : `in ${config.dataDir}`} could not be migrated: ${(err as Error).message}`);
    process.exit(1);
  }
  const templates = loadTemplates(config.templatesDir);
  for (const error of templates.errors) console.error(`Template not loaded: ${error.message}`);
  const services = createServices({ db, config, templates });

  // Made (or read) now, so that a bad P12 stops the start and the seal exists before the first signature.
  try {
    const seal = await checkSeal(config);
    console.log(`Platform seal: ${seal.subject}, certificate SHA-256 ${seal.certificateSha256}`);
  } catch (err) {
    console.error(`Charte cannot start: the platform seal could not be loaded (${(err as Error).message}). Check SEAL_P12_PATH and SEAL_P12_PASSWORD, or DATA_DIR.`);
    process.exit(1);
  }
  if (config.seedDemoRefused) console.error(`Warning: ${config.seedDemoRefused}`);
  const logins = config.seedDemo ? await seedDemo(services) : null;
  // Before listening: an instance that cannot hear the others' events must not serve.
  let bus;
  try {
    bus = await startEventBus(services);
  } catch (err) {
    console.error(`Charte cannot start: could not listen to the other instances' events on PostgreSQL (${(err as Error).message}).`);
    process.exit(1);
  }
  const { server, hub } = createCharteServer(services);
  // Before listening: a signal from the first connection on finds the server ready to stop cleanly.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: stopping now, without waiting for the stop under way.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: stopping (new connections refused, open drafts stored, collaboration sockets closed with 1012).`);
    const bound = setTimeout(() => {
      console.error(`Charte did not stop within SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs} ms): exiting anyway.`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    bound.unref();
    stopGracefully({ server, hub, bus, db }, config.shutdownTimeoutMs).then(
      () => {
        console.log("Charte stopped.");
        process.exit(0);
      },
      (err) => {
        console.error("Charte could not stop cleanly:", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const port = await listen(server, config.port, config.host);
  console.log(`Charte is running on http://localhost:${port} (database: ${config.databaseUrl ? "PostgreSQL" : `SQLite in ${config.dataDir}`})`);
  if (logins) {
    console.log(`\nDemo data created. Demo logins (password "${DEMO_PASSWORD}"; never use demo accounts in production):`);
    for (const login of logins) console.log(`  ${login.email.padEnd(40)} ${ROLE_LABELS[login.role].padEnd(16)} ${login.who}`);
  } else if (config.seedDemo) {
    console.log(`Demo logins, if this database holds the demo: pilote@example.org, redacteur@example.org, signataire@example.org, comite@example.org, lecteur@example.org (password "${DEMO_PASSWORD}").`);
  }
}

main().catch((err) => {
  console.error("Charte stopped on an unexpected error:", err);
  process.exit(1);
});
