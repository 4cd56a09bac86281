import { ConfigError, loadConfig } from "../config.js";
import { openDatabase } from "../store/db.js";
import { verifyAllChains } from "../domain/audit/chainVerifier.js";

/**
 * `npm run audit:verify`: checks every chain of the audit log in the database
 * the server uses (DATABASE_URL, else DATA_DIR's SQLite file). Prints one line
 * per chain; exits 0 when all are intact, 1 naming the first break of each
 * broken chain, 2 when the check could not run.
 */
async function main(): Promise<number> {
  // The JWT secret is not needed here: given, so that no secret file is made.
  const config = loadConfig(process.env, { jwtSecret: "audit-verify" });
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const reports = await verifyAllChains(db);
    let broken = 0;
    for (const r of reports) {
      const head = r.head ? `tête : entrée n° ${r.head.id}, rang ${r.head.seq}, ${r.head.hash}` : "vide";
      if (r.intact) console.log(`intacte  ${r.chain} — ${r.entries} entrée(s), ${head}`);
      else {
        broken++;
        console.log(`ALTÉRÉE  ${r.chain} — ${r.problem!.kind} entrée ${r.problem!.entryId ?? "—"} : ${r.problem!.message}`);
      }
    }
    console.log(broken ? `${broken} chaîne(s) sur ${reports.length} altérée(s).` : `Journal d'audit intact : ${reports.length} chaîne(s) vérifiée(s).`);
    return broken ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `Vérification impossible : ${(err as Error).message}`);
    process.exit(2);
  },
);
