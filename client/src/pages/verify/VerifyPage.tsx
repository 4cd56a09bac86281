import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "../../api.js";
import { formatDateTime } from "../../format.js";
import { PageHeading } from "../../ui/PageHeading.js";
import "./verify.css";

/** Who signed a charter, as the verification routes tell anyone. */
interface PublicSignature {
  organisation: string;
  signer: string;
  capacity: string;
  delegation: string | null;
  signedAt: string;
  timestamped: boolean;
}

interface PublicCharter {
  charter: { id: string; title: string; departement: string };
  version: { number: number; label: string; hash: string };
  state: "signing" | "signed";
  signatures: PublicSignature[];
}

interface UploadResult {
  valid: boolean;
  reason?: string;
  message?: string;
  versionHash: string | null;
  complete: boolean;
  found: PublicCharter | null;
  signatures: PublicSignature[];
}

type Outcome =
  | { kind: "file"; name: string; result: UploadResult }
  | { kind: "hash"; hash: string; found: PublicCharter | null; message?: string }
  | { kind: "error"; message: string };

/**
 * `/verifier` (public, no login): drop or choose a PDF to learn whether it is
 * an intact charter signed on this platform (which charter and version, who
 * signed and when), or why not; `?hash=` (the certificate page's QR code)
 * says at once whether that version hash is a charter signed here.
 */
export function VerifyPage(props: { query: string }) {
  const [seal, setSeal] = useState<{ subject: string; certificateSha256: string } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLDivElement>(null);
  const hash = new URLSearchParams(props.query).get("hash");

  useEffect(() => {
    api<{ seal: { subject: string; certificateSha256: string } }>("GET", "/verify", { sessionCheck: false }).then((r) => setSeal(r.seal), () => setSeal(null));
  }, []);
  useEffect(() => {
    if (!hash) return;
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) return setOutcome({ kind: "hash", hash, found: null, message: "Cette empreinte n'est pas valide : 64 caractères hexadécimaux sont attendus." });
    api<PublicCharter>("GET", `/verify/${hash.toLowerCase()}`, { sessionCheck: false })
      .then((found) => setOutcome({ kind: "hash", hash, found }))
      .catch((err: ApiError) => setOutcome(err.status == 404 ? { kind: "hash", hash, found: null, message: err.message } : { kind: "error", message: err.message }));
  }, [hash]);
  useEffect(() => {
    if (outcome) result.current?.focus();
  }, [outcome]);

  async function check(file: File) {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const response = await fetch("/api/verify", { method: "POST", headers: { "content-type": "application/pdf", accept: "application/json" }, body: file });
      const body = await response.json().catch(() => null);
      if (!response.ok) setOutcome({ kind: "error", message: body?.error?.message ?? "La vérification a échoué. Réessayez." });
      else setOutcome({ kind: "file", name: file.name, result: body as UploadResult });
    } catch {
      setOutcome({ kind: "error", message: "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez." });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  return (
    <div class="container narrow-wide verify-page">
      <PageHeading title="Vérifier une charte signée" />
      <p>
        Déposez le PDF d'une charte signée sur cette plateforme : la vérification dit s'il est intact, quelle charte et quelle version il porte, qui l'a signée et quand.
        Le fichier est vérifié sur le serveur et n'y est pas conservé.
      </p>
      <div
        class={`verify-drop${dragging ? " is-dragging" : ""}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer?.files[0];
          if (file) void check(file);
        }}
      >
        <label for="verify-file" class="verify-label">Choisir le fichier PDF à vérifier</label>
        <input id="verify-file" ref={input} type="file" accept="application/pdf,.pdf" aria-describedby="verify-hint" disabled={busy} onChange={(e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (file) void check(file);
        }} />
        <p id="verify-hint" class="hint">Ou glissez-déposez le fichier ici. Format PDF.</p>
      </div>
      <div ref={result} tabIndex={-1} aria-live="polite" class="verify-result">
        {busy && <p>Vérification en cours…</p>}
        {outcome && <OutcomeView outcome={outcome} />}
      </div>
      {seal && (
        <section class="verify-seal" aria-labelledby="verify-seal-title">
          <h2 id="verify-seal-title">Cachet de la plateforme</h2>
          <p>Chaque signature est scellée avec le certificat « {seal.subject} », dont l'empreinte SHA-256 est :</p>
          <p class="mono">{seal.certificateSha256}</p>
          <p class="hint">C'est une signature électronique simple scellée par la plateforme : l'acte de signature est le clic authentifié et consenti sur la version identifiée par son empreinte, et le fichier de preuve en garde la trace.</p>
        </section>
      )}
    </div>
  );
}

function OutcomeView(props: { outcome: Outcome }) {
  const { outcome } = props;
  if (outcome.kind == "error") return <div class="alert alert-error" role="alert"><p>{outcome.message}</p></div>;
  if (outcome.kind == "hash") {
    if (!outcome.found) return <div class="alert alert-error" role="alert"><p>Empreinte {outcome.hash} : {outcome.message}</p></div>;
    return (
      <div class="alert alert-success">
        <p><strong>Cette empreinte est celle d'une charte {outcome.found.state == "signed" ? "signée" : "en cours de signature"} sur cette plateforme.</strong></p>
        <CharterFacts found={outcome.found} signatures={outcome.found.signatures} />
      </div>
    );
  }
  const { result, name } = outcome;
  if (!result.valid) return (
    <div class="alert alert-error" role="alert">
      <p><strong>« {name} » n'est pas une charte signée intacte.</strong></p>
      <p>{result.message}</p>
    </div>
  );
  return (
    <div class="alert alert-success">
      <p><strong>« {name} » est intact : c'est une charte signée sur cette plateforme{result.complete ? "" : ", dans l'état où elle était en cours de signature"}.</strong></p>
      {!result.complete && <p>Ce fichier ne porte pas encore toutes les signatures : téléchargez le PDF signé final.</p>}
      {result.found && <CharterFacts found={result.found} signatures={result.signatures} />}
    </div>
  );
}

function CharterFacts(props: { found: PublicCharter; signatures: PublicSignature[] }) {
  const { found } = props;
  return (
    <>
      <dl class="verify-facts">
        <dt>Charte</dt><dd>{found.charter.title} — {found.charter.departement}</dd>
        <dt>Version</dt><dd>Version {found.version.number} — {found.version.label}</dd>
        <dt>Empreinte SHA-256</dt><dd class="mono">{found.version.hash}</dd>
      </dl>
      <h2 class="verify-subtitle">Signatures ({props.signatures.length})</h2>
      <ul class="verify-signatures">
        {props.signatures.map((s) => (
          <li key={s.organisation}>
            <strong>{s.organisation}</strong> : {s.signer}, {s.capacity}{s.delegation ? `, par délégation (${s.delegation})` : ""} — signé électroniquement le {formatDateTime(s.signedAt)}{s.timestamped ? " (horodaté)" : ""}
          </li>
        ))}
      </ul>
    </>
  );
}
