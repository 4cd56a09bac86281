import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";

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
  loginWindowSeconds: number;
  seedDemo: boolean;
  /** Base URL used in invitation links, e.g. `https://charte.example.fr`. */
  publicUrl: string;
  /** Largest JSON body accepted, in bytes. */
  maxBodyBytes: number;
  /** Folder of built client files to serve, or null not to serve any. */
  clientDir: string | null;
  templatesDir: string;
  /** Whether to log each request. */
  logRequests: boolean;
}

/** Bad configuration: the message says which variable and why. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const ROOT = resolve(import.meta.dirname, "..");

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
  SEED_DEMO: bool.default(true),
  PUBLIC_URL: z.url().optional(),
  MAX_BODY_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  CLIENT_DIR: z.string().optional(),
  TEMPLATES_DIR: z.string().optional(),
  LOG_REQUESTS: bool.default(false),
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
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    seedDemo: e.SEED_DEMO,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    maxBodyBytes: e.MAX_BODY_BYTES,
    clientDir: e.CLIENT_DIR ? resolve(ROOT, e.CLIENT_DIR) : join(ROOT, "dist"),
    templatesDir: e.TEMPLATES_DIR ? resolve(ROOT, e.TEMPLATES_DIR) : join(ROOT, "charter-templates"),
    logRequests: e.LOG_REQUESTS,
    ...overrides,
  };
  if (!config.jwtSecret) config.jwtSecret = readOrCreateSecret(config.dataDir);
  return config;
}

/** The JWT secret kept in the data folder, made on first start. */
function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, "jwt-secret");
  try {
    mkdirSync(dataDir, { recursive: true });
    if (existsSync(file)) {
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
