import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../config.js";
import { certificateFingerprint, PlatformSeal, SEAL_CERT_FILE } from "../domain/signing/seal/platformSeal.js";
import { verifyPdfSignatures } from "../domain/signing/verify/pdfSignatureVerifier.js";

/**
 * `npm run verify -- file.pdf [--cert-sha256 <hex>]`: checks a signed PDF
 * offline, against the platform seal's certificate (the configured P12, or
 * the one in DATA_DIR; or the fingerprint given). Exits 0 when intact, 1 with
 * the reason in French when not, 2 when the check could not run. It never
 * makes a seal key.
 */
async function main(args: string[]): Promise<number> {
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] != "--cert-sha256");
  const given = args[args.indexOf("--cert-sha256") + 1];
  if (!file) {
    console.error("Usage : npm run verify -- fichier.pdf [--cert-sha256 <empreinte du certificat du cachet>]");
    return 2;
  }
  if (!existsSync(file)) {
    console.error(`Fichier introuvable : ${file}`);
    return 2;
  }
  const trusted = args.includes("--cert-sha256") ? given?.toLowerCase() : await platformFingerprint();
  if (!trusted || !/^[0-9a-f]{64}$/.test(trusted)) {
    console.error("Certificat du cachet de la plateforme introuvable : configurez SEAL_P12_PATH ou DATA_DIR, ou donnez --cert-sha256 <empreinte>.");
    return 2;
  }
  const result = await verifyPdfSignatures(readFileSync(file), [trusted]);
  for (const [i, s] of result.signatures.entries())
    console.log(`signature ${i + 1} : ${s.intact ? "intacte" : "NON INTACTE"}${s.signingTime ? `, ${s.signingTime}` : ""}${s.timestampTime ? `, horodatée ${s.timestampTime}` : ""} — ${s.reason ?? ""}`);
  if (!result.valid) {
    console.log(`NON VALIDE : ${result.message}`);
    return 1;
  }
  console.log(`VALIDE : charte ${result.charterId}, version ${result.versionNumber}, empreinte ${result.versionHash} ; ${result.signatures.length} signature(s), la dernière couvre tout le fichier.`);
  return 0;
}

async function platformFingerprint(): Promise<string | null> {
  const config = loadConfig(process.env, { jwtSecret: "verify-offline-no-secret-needed-here" });
  if (config.sealP12Path) return (await new PlatformSeal(config).key()).certificateSha256;
  const cert = join(config.dataDir, SEAL_CERT_FILE);
  return existsSync(cert) ? certificateFingerprint(readFileSync(cert)) : null;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? `Configuration invalide : ${err.message}` : `La vérification n'a pas pu se faire : ${(err as Error).message}`);
    process.exit(2);
  },
);
