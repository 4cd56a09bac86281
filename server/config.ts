import { createHmac, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { ensurePrivateDir, tightenIfPresent } from "./store/privateFiles.js";
import { proxyTrust } from "./http/proxyTrust.js";

/** Everything the server can be configured with. */
export interface Config {
  port: number;
  host: string;
  /** Folder for the SQLite database and the generated JWT secret. */
  dataDir: string;
  /** `postgres://…` for PostgreSQL; null for the embedded SQLite database in `dataDir`. */
  databaseUrl: string | null;
  jwtSecret: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtlSeconds: number;
  /** Lifetime of an invitation link, in seconds. */
  invitationTtlSeconds: number;
  /** Failed logins allowed per address and email in `loginWindowSeconds` before HTTP 429. */
  loginMaxFailures: number;
  /** Failed logins allowed per client address, whatever the email, in the window. */
  loginMaxFailuresPerAddress: number;
  /** Failed logins allowed per account, from all addresses together, in the window. */
  loginMaxFailuresPerAccount: number;
  loginWindowSeconds: number;
  /** Passwords hashed at once (scrypt runs on libuv's thread pool, which sqlite3 needs too). */
  passwordHashConcurrency: number;
  /** Password checks waiting for a turn before HTTP 503. */
  passwordHashQueue: number;
  /** Seed the demo département into an empty database: only when asked (`SEED_DEMO=true`), never with an https `publicUrl`. */
  seedDemo: boolean;
  /** Set when `SEED_DEMO=true` was refused because `publicUrl` is https: the reason, for the start-up log. */
  seedDemoRefused: string | null;
  /** Base URL used in invitation links, e.g. `https://charte.example.fr`. */
  publicUrl: string;
  /**
   * The reverse proxies (balancer) whose X-Forwarded-For gives the client's
   * address, for every per-address limit (logins, connections, public page):
   * addresses, subnets, or `loopback` / `linklocal` / `uniquelocal`; empty for none.
   */
  trustProxy: string[];
  /** Largest JSON body accepted, in bytes. */
  maxBodyBytes: number;
  /** Largest evidence file a partner may upload to a follow-up campaign, in bytes. */
  evidenceMaxBytes: number;
  /**
   * What one organisation may store as evidence in one campaign: files' bytes
   * in all, and pieces (files and links). Without them, any member who may
   * declare could fill the database, 10 MiB at a time.
   */
  evidenceQuota: { maxBytes: number; maxItems: number };
  /** Evidence uploads one user may have under way at once (each holds its file in memory until stored). */
  evidenceUploadsPerUser: number;
  /** Folder of built client files to serve, or null not to serve any. */
  clientDir: string | null;
  templatesDir: string;
  /** Whether to log each request. */
  logRequests: boolean;
  /** Limits of the collaboration WebSocket (see `CollabLimits`). */
  collab: CollabLimits;
  /** PKCS#12 file of the platform's seal key, or null to make one in `dataDir` on first start. */
  sealP12Path: string | null;
  sealP12Password: string | null;
  /** RFC 3161 timestamp authority for the signatures (PAdES B-T), or null for none. */
  tsaUrl: string | null;
  /** Largest PDF `POST /api/verify` accepts, in bytes. */
  maxVerifyPdfBytes: number;
  /** Reads of public charter pages (`GET /api/public/charters/:id`, no login) allowed per client address and minute, then HTTP 429. */
  publicPageReadsPerMinute: number;
  /**
   * How long a stop (SIGTERM, SIGINT) may take: storing what is queued,
   * releasing charters, answering requests under way. Past it the process
   * exits anyway, with code 1.
   */
  shutdownTimeoutMs: number;
  /** Per-user budgets of the costliest requests: `points` per `perSeconds`, then HTTP 429. */
  userBudgets: Record<UserBudget, { points: number; perSeconds: number }>;
  /** Several instances on one PostgreSQL (see `ClusterConfig`); unused on SQLite. */
  cluster: ClusterConfig;
}

/**
 * How this instance shares charters with the other instances on the same
 * PostgreSQL database: each charter has one owner, under a lease.
 */
export interface ClusterConfig {
  /** This instance's name in the lease table and the logs (default: host name and process id). */
  instanceId: string;
  /** The address other instances forward collaboration connections to; null: `http://127.0.0.1:<listening port>`. */
  internalUrl: string | null;
  /** How long a lease lasts without being renewed (by a commit or the renewal timer). */
  leaseTtlMs: number;
  /** How often the leases of open charters are renewed. */
  leaseRenewMs: number;
  /** `idle_session_timeout` of the liveness connection: how soon a hung (stopped) instance loses its charters. */
  livenessTimeoutMs: number;
  /** Proves a forwarded connection comes from another instance (derived from the JWT secret, which they all share). */
  forwardingSecret: string;
  /** Bytes queued on a link between instances beyond which the sender ends it: the other instance does not read it (its clients reconnect). */
  linkMaxBufferedBytes: number;
  /** How long a forwarding instance keeps a link without clients open (the next client of that charter reuses it). */
  linkIdleMs: number;
  /** Interval of the pings on links (more often than clients: a hung owner's link is ended, and its clients told 1013, within two). */
  linkPingIntervalMs: number;
}

/** Lease timings: a crash is seen at once (the liveness connection closes); a hung instance after `livenessTimeoutMs`. */
export const DEFAULT_CLUSTER_TIMINGS = { leaseTtlMs: 10_000, leaseRenewMs: 3_000, livenessTimeoutMs: 2_000 };

/**
 * Links between instances (see `server/collab/links/`): a link carries every
 * client one instance forwards for one charter, so its backlog may be many
 * clients' worth (each client's own is bounded by `collab.maxBufferedBytes`).
 */
export const DEFAULT_LINK_LIMITS = { linkMaxBufferedBytes: 64 * 1024 * 1024, linkIdleMs: 5_000, linkPingIntervalMs: 5_000 };

/** The requests each user has a budget of: differences computed, versions saved, collaboration tickets (each opens a WebSocket), PDF and DOCX exports. */
export type UserBudget = "differences" | "versionSaves" | "collabTickets" | "exports" | "evidenceUploads";

/** Enough for someone comparing versions by hand, or saving one now and then; not for a script. */
export const DEFAULT_USER_BUDGETS: Config["userBudgets"] = {
  differences: { points: 30, perSeconds: 60 },
  versionSaves: { points: 10, perSeconds: 60 },
  // A tab opens one connection, and one more after each network loss: a script closed for flooding cannot come back at once.
  collabTickets: { points: 30, perSeconds: 60 },
  // A PDF of a long charter costs the server a second of CPU: enough to download each version in both formats now and then.
  exports: { points: 20, perSeconds: 60 },
  // Each piece of evidence is read whole, typed and hashed: a partner adds a few at a time, not a stream of them.
  evidenceUploads: { points: 30, perSeconds: 60 },
};

/** A token bucket's size: sustained rate, and how many at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * What one participant may ask of the collaboration server. Every message
 * type has its bucket (per connection), so that no one, whatever their role,
 * can slow, bloat or crash the server for the others.
 */
export interface CollabLimits {
  /** Open collaboration connections per user (all charters), and per client address. */
  maxConnectionsPerUser: number;
  maxConnectionsPerAddress: number;
  /** A socket that sends nothing this long after opening is closed (4408). */
  firstMessageTimeoutMs: number;
  /** Bytes waiting to be sent to a client that does not read, beyond which it is dropped (4408). */
  maxBufferedBytes: number;
  /** Document updates (sync step 2 and updates), in messages and in bytes. */
  updates: RateLimit;
  updateBytes: RateLimit;
  /** Presence messages. */
  awareness: RateLimit;
  /** Sync requests (step 1) and presence queries: each costs the server a whole encoding. */
  syncRequests: RateLimit;
  /** Charte's own messages ("is it stored?") and y-websocket's auth message. */
  charteMessages: RateLimit;
  /** Presence is relayed at most this often per charter (changes in between are coalesced). */
  presenceIntervalMs: number;
  /** Presence client ids one connection may announce (a browser tab has one). */
  maxPresencePerConnection: number;
  /** Largest presence state (JSON) one client may announce. */
  maxPresenceBytes: number;
  /** Lifetime of a single-use WebSocket ticket. */
  ticketTtlSeconds: number;
  /** Updates (and their bytes) a connection may have waiting for its sync step 2 because they build on it. */
  maxParkedUpdates: number;
  maxParkedBytes: number;
  /** How long after a charter is loaded from a log left by a server that died peers may hand back others' lost edits. */
  recoveryRelayMs: number;
}

/** Sizes in the charter document that live updates must keep to. */
export const DOCUMENT_LIMITS = {
  /** Longest clause or commitment id (what the comments API accepts as a clause id). */
  maxNodeIdLength: 64,
  /** Longest attribute text (an indicator, a link). */
  maxAttributeLength: 2000,
};

/** The defaults: generous for a fast typist holding a key down (≈30 edits/s), tight for a script. */
export const DEFAULT_COLLAB_LIMITS: CollabLimits = {
  maxConnectionsPerUser: 20,
  maxConnectionsPerAddress: 400,
  firstMessageTimeoutMs: 5000,
  maxBufferedBytes: 4 * 1024 * 1024,
  updates: { perSecond: 60, burst: 200 },
  updateBytes: { perSecond: 256 * 1024, burst: 4 * 1024 * 1024 },
  awareness: { perSecond: 60, burst: 200 },
  syncRequests: { perSecond: 2, burst: 10 },
  charteMessages: { perSecond: 40, burst: 120 },
  presenceIntervalMs: 100,
  maxPresencePerConnection: 1,
  maxPresenceBytes: 8 * 1024,
  ticketTtlSeconds: 30,
  maxParkedUpdates: 100,
  maxParkedBytes: 1024 * 1024,
  recoveryRelayMs: 2 * 60 * 1000,
};

/** Bad configuration: the message says which variable and why. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The project folder: the nearest one above this file with a package.json (`server/` from sources, `build/server/` once compiled). */
const ROOT = projectRoot(import.meta.dirname);

function projectRoot(from: string): string {
  for (let dir = resolve(from, ".."); ; dir = resolve(dir, "..")) {
    if (existsSync(join(dir, "package.json")) || dir == resolve(dir, "..")) return dir;
  }
}

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v == "true" || v == "1" || v == "yes");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// (leave it unset for SQLite)").optional(),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  TOKEN_TTL_SECONDS: int(60, 30 * 24 * 3600).default(8 * 3600),
  INVITATION_TTL_SECONDS: int(60, 90 * 24 * 3600).default(14 * 24 * 3600),
  LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  LOGIN_WINDOW_SECONDS: int(1, 24 * 3600).default(15 * 60),
  LOGIN_MAX_FAILURES_PER_ADDRESS: int(1, 1_000_000).default(20),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 1_000_000).default(10),
  PASSWORD_HASH_CONCURRENCY: int(1, 16).default(2),
  PASSWORD_HASH_QUEUE: int(0, 10_000).default(16),
  SEED_DEMO: bool.default(false),
  PUBLIC_URL: z.url().optional(),
  // "none", or a comma-separated list (checked by proxyTrust below).
  TRUST_PROXY: z.string().default("loopback"),
  MAX_BODY_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  EVIDENCE_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  EVIDENCE_MAX_BYTES_PER_ORGANISATION: int(1024, 100 * 1024 * 1024 * 1024).default(200 * 1024 * 1024),
  EVIDENCE_MAX_ITEMS_PER_ORGANISATION: int(1, 100_000).default(200),
  EVIDENCE_UPLOADS_PER_USER: int(1, 100).default(2),
  CLIENT_DIR: z.string().optional(),
  TEMPLATES_DIR: z.string().optional(),
  LOG_REQUESTS: bool.default(false),
  SEAL_P12_PATH: z.string().optional(),
  SEAL_P12_PASSWORD: z.string().optional(),
  TSA_URL: z.url().optional(),
  MAX_VERIFY_PDF_BYTES: int(1024, 200 * 1024 * 1024).default(20 * 1024 * 1024),
  // A reader opening the page now and then, and a few readers behind one address; not a scraper.
  PUBLIC_PAGE_READS_PER_MINUTE: int(1, 100_000).default(60),
  SHUTDOWN_TIMEOUT_MS: int(1000, 10 * 60 * 1000).default(15000),
  COLLAB_MAX_CONNECTIONS_PER_USER: int(1, 10000).default(DEFAULT_COLLAB_LIMITS.maxConnectionsPerUser),
  COLLAB_MAX_CONNECTIONS_PER_ADDRESS: int(1, 100000).default(DEFAULT_COLLAB_LIMITS.maxConnectionsPerAddress),
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, "must be 1 to 100 letters, digits or . _ : -").optional(),
  INTERNAL_URL: z.url().regex(/^https?:\/\//, "must start with http:// or https://").optional(),
  LEASE_TTL_MS: int(1000, 10 * 60 * 1000).default(DEFAULT_CLUSTER_TIMINGS.leaseTtlMs),
  LEASE_RENEW_MS: int(100, 5 * 60 * 1000).default(DEFAULT_CLUSTER_TIMINGS.leaseRenewMs),
  LIVENESS_TIMEOUT_MS: int(500, 10 * 60 * 1000).default(DEFAULT_CLUSTER_TIMINGS.livenessTimeoutMs),
  // Below a few sync answers of a long charter, a link would be ended for an ordinary burst.
  LINK_MAX_BUFFERED_BYTES: int(1024 * 1024, 4 * 1024 * 1024 * 1024).default(DEFAULT_LINK_LIMITS.linkMaxBufferedBytes),
  LINK_PING_INTERVAL_MS: int(500, 10 * 60 * 1000).default(DEFAULT_LINK_LIMITS.linkPingIntervalMs),
});

/**
 * Reads and validates the configuration. This is the only reader of the
 * environment; anything wrong throws a `ConfigError` naming every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = resolve(ROOT, overrides.dataDir ?? e.DATA_DIR);
  const port = overrides.port ?? e.PORT;
  const config: Config = {
    port,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    jwtSecret: e.JWT_SECRET ?? "",
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    invitationTtlSeconds: e.INVITATION_TTL_SECONDS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginMaxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
    loginMaxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY,
    passwordHashQueue: e.PASSWORD_HASH_QUEUE,
    seedDemo: e.SEED_DEMO,
    seedDemoRefused: null,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    trustProxy: e.TRUST_PROXY.trim() == "none" ? [] : e.TRUST_PROXY.split(",").map((entry) => entry.trim()).filter(Boolean),
    maxBodyBytes: e.MAX_BODY_BYTES,
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    evidenceQuota: { maxBytes: e.EVIDENCE_MAX_BYTES_PER_ORGANISATION, maxItems: e.EVIDENCE_MAX_ITEMS_PER_ORGANISATION },
    evidenceUploadsPerUser: e.EVIDENCE_UPLOADS_PER_USER,
    clientDir: e.CLIENT_DIR ? resolve(ROOT, e.CLIENT_DIR) : join(ROOT, "dist"),
    templatesDir: e.TEMPLATES_DIR ? resolve(ROOT, e.TEMPLATES_DIR) : join(ROOT, "charter-templates"),
    logRequests: e.LOG_REQUESTS,
    sealP12Path: e.SEAL_P12_PATH ? resolve(ROOT, e.SEAL_P12_PATH) : null,
    sealP12Password: e.SEAL_P12_PASSWORD ?? null,
    tsaUrl: e.TSA_URL ?? null,
    maxVerifyPdfBytes: e.MAX_VERIFY_PDF_BYTES,
    publicPageReadsPerMinute: e.PUBLIC_PAGE_READS_PER_MINUTE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    userBudgets: DEFAULT_USER_BUDGETS,
    collab: { ...DEFAULT_COLLAB_LIMITS, maxConnectionsPerUser: e.COLLAB_MAX_CONNECTIONS_PER_USER, maxConnectionsPerAddress: e.COLLAB_MAX_CONNECTIONS_PER_ADDRESS },
    cluster: {
      instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
      internalUrl: e.INTERNAL_URL?.replace(/\/$/, "") ?? null,
      leaseTtlMs: e.LEASE_TTL_MS,
      leaseRenewMs: e.LEASE_RENEW_MS,
      livenessTimeoutMs: e.LIVENESS_TIMEOUT_MS,
      forwardingSecret: "", // derived from the JWT secret below
      ...DEFAULT_LINK_LIMITS,
      linkMaxBufferedBytes: e.LINK_MAX_BUFFERED_BYTES,
      linkPingIntervalMs: e.LINK_PING_INTERVAL_MS,
    },
    ...overrides,
  };
  // The demo accounts share a published password: a server on a public https address never gets them.
  if (config.seedDemo && config.publicUrl.startsWith("https:")) {
    config.seedDemo = false;
    config.seedDemoRefused = `SEED_DEMO=true refused: PUBLIC_URL is ${config.publicUrl} (https), and the demo accounts share a published password. Demo data is for trying Charte out on a local http address only.`;
  }
  try {
    proxyTrust(config.trustProxy);
  } catch (err) {
    throw new ConfigError(`TRUST_PROXY: ${(err as Error).message}: give addresses or subnets (10.0.0.5, 10.0.0.0/24), loopback, linklocal, uniquelocal, or none`);
  }
  if (config.evidenceQuota.maxBytes < config.evidenceMaxBytes)
    throw new ConfigError(`EVIDENCE_MAX_BYTES_PER_ORGANISATION (${config.evidenceQuota.maxBytes}) must be at least EVIDENCE_MAX_BYTES (${config.evidenceMaxBytes}): else a file of the allowed size could never be stored`);
  if (config.sealP12Path && !existsSync(config.sealP12Path)) throw new ConfigError(`SEAL_P12_PATH: no file at ${config.sealP12Path}`);
  // Instances of one cluster check each other's tokens and forwarded connections: a secret made in each DATA_DIR would differ.
  if (!config.jwtSecret && config.databaseUrl && e.INSTANCE_ID)
    throw new ConfigError("JWT_SECRET: required when INSTANCE_ID and DATABASE_URL are set: every instance on the database must be given the same secret (one generated in each DATA_DIR would differ, and tokens made by one instance would be refused by the others)");
  // Other instances forward connections to the address a lease names: loopback, the default, only reaches instances on this host.
  if (config.databaseUrl && e.INSTANCE_ID && !e.INTERNAL_URL && !isLoopback(config.host))
    throw new ConfigError(`INTERNAL_URL: required when INSTANCE_ID and DATABASE_URL are set and HOST (${config.host}) is not loopback: the address the other instances reach this one at, e.g. http://10.0.0.2:${config.port}`);
  if (!config.jwtSecret) config.jwtSecret = readOrCreateSecret(config.dataDir);
  const { leaseTtlMs, leaseRenewMs } = config.cluster;
  // Two renewals fit in a lease, so one slow renewal never lets it lapse.
  if (leaseRenewMs * 2 > leaseTtlMs) throw new ConfigError(`LEASE_RENEW_MS (${leaseRenewMs}) must be at most half of LEASE_TTL_MS (${leaseTtlMs})`);
  config.cluster.forwardingSecret ||= createHmac("sha256", config.jwtSecret).update("charte collaboration forwarding").digest("base64url");
  return config;
}

/** The JWT secret kept in the data folder, made on first start. */
function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, "jwt-secret");
  try {
    ensurePrivateDir(dataDir);
    if (existsSync(file)) {
      tightenIfPresent(file);
      const secret = readFileSync(file, "utf8").trim();
      if (secret.length < 32) throw new ConfigError(`${file} holds a secret shorter than 32 characters; delete it to make a new one`);
      return secret;
    }
    const secret = randomBytes(48).toString("base64url");
    writeFileSync(file, secret + "\n", { mode: 0o600 });
    return secret;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`DATA_DIR: cannot use ${dataDir} (${(err as Error).message})`);
  }
}

const isLoopback = (host: string) => host == "localhost" || host == "::1" || /^127\./.test(host);
