import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type pg from "pg";
import { RELAYED_EVENTS, type CharteEventMap, type CharteEvents, type EventRelay, type RelayedEvent } from "../domain/events.js";

/** The NOTIFY channel of Charte's events (one per database: instances of another database never hear them). */
export const EVENT_CHANNEL = "charte_events";

/** Timings of the listening connection. */
export interface EventBusOptions {
  /** First wait before reconnecting a lost listening connection; doubled at each failure up to `reconnectMaxMs`. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** How often the listening connection is asked `SELECT 1`, so that a dead one is noticed. */
  heartbeatMs: number;
}

const DEFAULTS: EventBusOptions = { reconnectMinMs: 100, reconnectMaxMs: 5000, heartbeatMs: 10000 };

/** What travels in a notification: the sender, the event, and ids only (NOTIFY payloads stay under 8000 bytes). */
type Notice = { from: string; event: RelayedEvent; payload: CharteEventMap[RelayedEvent][0] };

/**
 * Charte's events across the instances sharing one PostgreSQL database:
 * commands send them with `pg_notify` in their own transaction (so that the
 * others hear of a change if and only if it committed), and each instance
 * listens on one connection of its own, outside knex's pool (a pooled
 * connection would be handed to queries and its LISTEN lost). An instance
 * ignores what it sent itself: its own listeners heard it already. A lost
 * listening connection comes back with a backoff, listens again, then tells
 * this instance that events may have been missed ("events-missed").
 */
export class PostgresEventBus implements EventRelay {
  /** Tells this process's notifications from the others' (random, so that two instances misconfigured with one INSTANCE_ID still hear each other). */
  readonly origin = randomUUID();
  private readonly options: EventBusOptions;
  private client: pg.Client | null = null;
  private closed = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Loaded on start: a server on SQLite never loads the PostgreSQL driver. */
  private Client: typeof pg.Client | null = null;

  constructor(private readonly databaseUrl: string, private readonly db: Knex, private readonly events: CharteEvents, options: Partial<EventBusOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Listens (a failure here stops the start), and becomes the bus's relay. */
  async start(): Promise<void> {
    this.Client = (await import("pg")).default.Client;
    this.client = await this.listen();
    this.events.relay = this;
  }

  /** The PostgreSQL backend of the listening connection (for tests and diagnostics), or null while reconnecting. */
  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  async sendIn<K extends RelayedEvent>(trx: Knex.Transaction, name: K, payload: CharteEventMap[K][0]): Promise<void> {
    await trx.raw("select pg_notify(?, ?)", [EVENT_CHANNEL, this.encode(name, payload)]);
  }

  async sendNow<K extends RelayedEvent>(name: K, payload: CharteEventMap[K][0]): Promise<void> {
    await this.db.raw("select pg_notify(?, ?)", [EVENT_CHANNEL, this.encode(name, payload)]);
  }

  /** Stops listening; events are local again. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.events.relay == this) this.events.relay = null;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private encode(name: RelayedEvent, payload: Notice["payload"]): string {
    return JSON.stringify({ from: this.origin, event: name, payload } satisfies Notice);
  }

  private async listen(): Promise<pg.Client> {
    // A heartbeat unanswered within half its interval means a dead connection (a network cut, not closed).
    const client = new this.Client!({ connectionString: this.databaseUrl, keepAlive: true, query_timeout: Math.max(1000, this.options.heartbeatMs / 2) });
    // Handled before connecting, so that an error on the way never crashes the process.
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client, null));
    client.on("notification", (message) => { if (message.channel == EVENT_CHANNEL) this.hear(message.payload ?? ""); });
    try {
      await client.connect();
      // A stopped (SIGSTOP) instance's listening session would hold PostgreSQL's notification queue back until it
      // filled and every NOTIFY, so every command's commit, failed: PostgreSQL ends it after three missed heartbeats.
      await client.query(`SET idle_session_timeout = ${Math.round(3 * this.options.heartbeatMs)}`);
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
    } catch (err) {
      client.removeAllListeners("end");
      await client.end().catch(() => {});
      throw err;
    }
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => client.query("SELECT 1").catch((err) => this.lost(client, err)), this.options.heartbeatMs);
    this.heartbeat.unref();
    return client;
  }

  private hear(text: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(text);
    } catch {
      return void console.warn(`Ignored a notification on ${EVENT_CHANNEL} that is not JSON`);
    }
    if (notice.from == this.origin) return;
    if (!RELAYED_EVENTS.includes(notice.event) || !isIds(notice.payload)) return void console.warn(`Ignored an unknown notification on ${EVENT_CHANNEL}: ${text.slice(0, 200)}`);
    this.events.deliver(notice.event, ...([notice.payload] as CharteEventMap[RelayedEvent]));
  }

  /** The listening connection is gone: drop it, and get another. */
  private lost(client: pg.Client, err: Error | null): void {
    if (this.client != client || this.closed) return;
    this.client = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    client.removeAllListeners("end");
    client.end().catch(() => {});
    console.warn(`Lost the connection that hears the other instances' events${err ? ` (${err.message})` : ""}; reconnecting.`);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    const wait = Math.min(this.options.reconnectMaxMs, this.options.reconnectMinMs * 2 ** this.failures);
    // Jitter, so that instances that lost the database together do not all come back at once.
    this.retry = setTimeout(() => this.reconnect(), wait * (0.5 + Math.random() / 2));
    this.retry.unref();
  }

  private async reconnect(): Promise<void> {
    this.retry = null;
    if (this.closed) return;
    try {
      const client = await this.listen();
      if (this.closed) return void client.end().catch(() => {});
      this.client = client;
      this.failures = 0;
      console.warn("Hearing the other instances' events again; refreshing what may have been missed.");
      // Only now: what changed while no one listened is seen by this refresh, what changes from now on is heard.
      this.events.deliver("events-missed");
    } catch (err) {
      this.failures++;
      if (this.failures == 1 || this.failures % 10 == 0) console.warn(`Could not listen to the other instances' events yet (${(err as Error).message}); retrying.`);
      this.reconnectLater();
    }
  }
}

/** Payloads carry ids (strings) only. */
function isIds(payload: unknown): payload is Notice["payload"] {
  return !!payload && typeof payload == "object" && Object.values(payload).every((v) => typeof v == "string" && v.length <= 200);
}

/**
 * Starts the cross-instance bus when the database is PostgreSQL (several
 * instances may share it); on SQLite (one process) events stay in-process
 * and this returns null.
 */
export async function startEventBus(services: { db: Knex; events: CharteEvents; config: { databaseUrl: string | null } }, options: Partial<EventBusOptions> = {}): Promise<PostgresEventBus | null> {
  if (!services.config.databaseUrl) return null;
  const bus = new PostgresEventBus(services.config.databaseUrl, services.db, services.events, options);
  await bus.start();
  return bus;
}
