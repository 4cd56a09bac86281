import pg from "pg";

/** The liveness connection's identity in `pg_stat_activity`: a lease names it, and is free once it is gone. */
export interface LivenessIdentity {
  pid: number;
  /** `backend_start` as PostgreSQL writes it (text keeps its microseconds; a JS Date would not). */
  started: string;
}

/**
 * One PostgreSQL session of its own (outside knex's pool) that lives as long
 * as this instance does: SIGKILL closes it at once; a hung (stopped) process
 * stops beating and PostgreSQL ends it after `idle_session_timeout`. Other
 * instances take the leases of an owner whose session is gone. If it drops
 * here, every lease must be taken as lost (`onDrop`); it then reconnects.
 */
export class LivenessConnection {
  private client: pg.Client | null = null;
  private identity: LivenessIdentity | null = null;
  private connecting: Promise<LivenessIdentity> | null = null;
  private beat: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly timeoutMs: number,
    private readonly onDrop: () => void,
  ) {}

  /** The current session's identity, connecting first if needed (throws if PostgreSQL cannot be reached). */
  async current(): Promise<LivenessIdentity> {
    if (this.identity) return this.identity;
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<LivenessIdentity> {
    if (this.stopped) throw new Error("The liveness connection is closed");
    // A beat that gets no answer within the timeout (a network cut) counts as a drop: PostgreSQL ends the session then too.
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "charte-liveness", keepAlive: true, query_timeout: this.timeoutMs, connectionTimeoutMillis: 5000 });
    client.on("error", () => this.dropped(client));
    client.on("end", () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`SET idle_session_timeout = ${Math.round(this.timeoutMs)}`);
      const { rows } = await client.query("SELECT pid, backend_start::text AS started FROM pg_stat_activity WHERE pid = pg_backend_pid()");
      if (this.stopped) throw new Error("The liveness connection is closed");
      this.client = client;
      this.identity = { pid: rows[0].pid, started: rows[0].started };
    } catch (err) {
      client.removeAllListeners("end");
      await client.end().catch(() => {});
      throw err;
    }
    // A beat four times per timeout: a slow event loop or database never lets a healthy instance lapse.
    this.beat = setInterval(() => {
      if (this.client == client) client.query("SELECT 1").catch(() => this.dropped(client));
    }, Math.max(50, this.timeoutMs / 4));
    this.beat.unref();
    return this.identity;
  }

  private dropped(client: pg.Client): void {
    if (this.client != client) return;
    this.client = null;
    this.identity = null;
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
    client.end().catch(() => {});
    if (this.stopped) return;
    this.onDrop();
    this.reconnectSoon();
  }

  private reconnectSoon(): void {
    if (this.retry || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.current().catch((err) => {
        console.error(`Liveness connection to PostgreSQL failed, retrying: ${(err as Error).message}`);
        this.reconnectSoon();
      });
    }, 200);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.beat) clearInterval(this.beat);
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    this.identity = null;
    await client?.end().catch(() => {});
  }
}
