import { expect } from "chai";
import * as Y from "yjs";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import { ticketSocketClass } from "../../client/src/collab/ticketSocket.js";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { openDatabase } from "../../server/store/db.js";
import { loadStoredYDoc, ydocToCharter } from "../../server/domain/documents.js";
import { MESSAGE_ACCESS, MESSAGE_STORED } from "../../server/shared/collab.js";
import { freePort, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";
import { clauseText, eventually } from "../helpers/collab.js";
import { databaseKinds, type TestDatabase } from "../helpers/databases.js";

/** An editor that types markers into its own clause and keeps track of which ones the server said are stored. */
class Typist {
  doc = new Y.Doc();
  provider: WebsocketProvider;
  typed: string[] = [];
  stored = new Set<string>();
  private asked = new Map<number, string[]>();
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(url: string, charterId: string, token: string, readonly index: number) {
    const fetchTicket = async () => {
      const res = await fetch(`${url}/api/charters/${charterId}/collab-tickets`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
      if (res.status != 201) throw Object.assign(new Error(`No ticket: ${res.status}`), { status: res.status });
      return (await res.json()).ticket as string;
    };
    this.provider = new WebsocketProvider(`${url.replace(/^http/, "ws")}/collab`, charterId, this.doc, {
      WebSocketPolyfill: ticketSocketClass(fetchTicket, WebSocket as unknown as typeof globalThis.WebSocket) as unknown as typeof globalThis.WebSocket,
      disableBc: true, maxBackoffTime: 300,
    });
    this.provider.messageHandlers[MESSAGE_STORED] = (_e, decoder) => {
      const n = decoding.readVarUint(decoder);
      for (const [k, markers] of this.asked) if (k <= n) { markers.forEach((m) => this.stored.add(m)); this.asked.delete(k); }
    };
    this.provider.messageHandlers[MESSAGE_ACCESS] = (_e, decoder) => void decoding.readVarUint(decoder);
  }

  synced(): Promise<void> {
    return new Promise((resolve) => (this.provider.synced ? resolve() : this.provider.once("sync", () => resolve())));
  }

  start(everyMs: number) {
    this.timer = setInterval(() => this.type(), everyMs);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
  }

  type() {
    const marker = `[${this.index}:${this.typed.length}]`;
    clauseText(this.doc, this.index).insert(0, marker);
    this.typed.push(marker);
    // Ask whether everything typed so far is stored (only possible while connected).
    if (this.provider.wsconnected) {
      const n = ++this.seq;
      this.asked.set(n, [...this.typed.filter((m) => !this.stored.has(m))]);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_STORED);
      encoding.writeVarUint(e, n);
      this.provider.ws!.send(encoding.toUint8Array(e));
    }
  }

  text() {
    return clauseText(this.doc, this.index).toString();
  }

  destroy() {
    this.stop();
    this.provider.destroy();
  }
}

for (const kind of databaseKinds()) describe(`durability on ${kind.name}: SIGKILL in the middle of a stream of edits`, function () {
  this.timeout(120000);
  let database: TestDatabase;
  let dataDir: string;
  let server: ServerProcess | null = null;
  const typists: Typist[] = [];

  before(async () => {
    database = await kind.create();
    dataDir = database.dataDir;
  });
  after(async () => {
    typists.forEach((t) => t.destroy());
    await server?.kill();
    await database.drop();
  });

  it("keeps every edit reported stored, and converges with all edits once clients reconnect", async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: "true", LOGIN_MAX_FAILURES: "1000", DATABASE_URL: database.databaseUrl ?? "" };
    server = await startServerProcess(env);
    const login = async (email: string) => {
      const res = await fetch(`${server!.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: "charte-demo" }) });
      return (await res.json()).token as string;
    };
    const token = await login("pilote@example.org");
    const editorToken = await login("redacteur@example.org");
    const charterId = (await (await fetch(`${server.url}/api/charters`, { headers: { authorization: `Bearer ${token}` } })).json()).charters[0].id;

    for (let i = 0; i < 4; i++) typists.push(new Typist(server.url, charterId, i % 2 ? editorToken : token, i));
    await Promise.all(typists.map((t) => t.synced()));
    typists.forEach((t, i) => t.start(7 + i * 3));

    await eventually(() => typists.every((t) => t.stored.size >= 20), 20000, "a stream of stored edits");
    await server.kill("SIGKILL");
    const storedAtKill = typists.flatMap((t) => [...t.stored]);
    const typedAtKill = typists.reduce((n, t) => n + t.typed.length, 0);

    // Every edit the server said was stored is in the database it left behind.
    const db = openDatabase({ databaseUrl: database.databaseUrl, dataDir });
    const ydoc = await loadStoredYDoc(db, charterId);
    await db.destroy();
    ydocToCharter(ydoc); // still a valid charter
    const storedTexts = typists.map((t) => clauseText(ydoc, t.index).toString());
    for (const marker of storedAtKill) expect(storedTexts[Number(marker.slice(1).split(":")[0])], marker).to.contain(marker);
    expect(storedAtKill.length).to.be.greaterThan(80);

    // Clients go on typing while the server is down, then it comes back.
    await new Promise((r) => setTimeout(r, 300));
    typists.forEach((t) => t.stop());
    expect(typists.reduce((n, t) => n + t.typed.length, 0)).to.be.greaterThan(typedAtKill);
    server = await startServerProcess(env);
    await eventually(() => typists.every((t) => t.provider.wsconnected && t.provider.synced), 20000, "reconnection");

    // Every client converges on a document holding every edit ever typed.
    await eventually(() => {
      const vectors = typists.map((t) => Buffer.from(Y.encodeStateVector(t.doc)).toString("hex"));
      return vectors.every((v) => v == vectors[0]) && typists.every((t) => t.typed.every((m) => typists[0].doc && clauseText(typists[0].doc, t.index).toString().includes(m)));
    }, 20000, "convergence");
    const texts = typists.map((t) => typists.map((u) => clauseText(u.doc, t.index).toString()));
    for (const row of texts) expect(new Set(row).size, "every client has the same text").to.equal(1);

    // And the server has it all too, as the API shows.
    const doc = (await (await fetch(`${server.url}/api/charters/${charterId}/document`, { headers: { authorization: `Bearer ${token}` } })).json()).document;
    const json = JSON.stringify(doc);
    for (const t of typists) for (const m of t.typed) expect(json).to.contain(m);
  });
});
