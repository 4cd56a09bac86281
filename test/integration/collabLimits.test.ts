import { expect } from "chai";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { clauseText, collabUrl, connectClient, eventually, type TestClient } from "../helpers/collab.js";
import { awarenessMessage, RawCollabSocket, storedRequest, SYNC_STEP1_EMPTY, timed, usualTime } from "../helpers/rawCollab.js";
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_SYNC } from "../../server/shared/collab.js";
import { DEFAULT_COLLAB_LIMITS, type CollabLimits } from "../../server/config.js";
import { WebSocket } from "ws";

/**
 * Attacks a participant of the lowest role could make on the collaboration
 * server, each against a real server and real sockets: the attacker is
 * refused, and the others' requests and edits go on in their usual time.
 */
describe("collaboration limits under attack", function () {
  this.timeout(60000);
  let server: TestServer;
  let charterId: string;
  let readerToken: string, editorToken: string, pilotToken: string;
  const clients: TestClient[] = [];
  const sockets: RawCollabSocket[] = [];

  const start = async (limits: Partial<CollabLimits> = {}) => {
    server = await startTestServer({ config: { collab: { ...DEFAULT_COLLAB_LIMITS, ...limits } } });
    charterId = await demoCharterId(server);
    [readerToken, editorToken, pilotToken] = await Promise.all(["lecteur@example.org", "redacteur@example.org", "pilote@example.org"].map((e) => server.login(e)));
  };
  const connect = async (token: string) => {
    const client = await connectClient(server, charterId, token);
    clients.push(client);
    return client;
  };
  const raw = async (token: string) => {
    const socket = await RawCollabSocket.open(server, charterId, token);
    sockets.push(socket);
    return socket;
  };
  /** The usual time of a health check and of an editor's stored edit, then a function that checks they still answer so. */
  const othersKeepWorking = async () => {
    const editor = await connect(pilotToken);
    const health = () => server.api("GET", "/api/health");
    let n = 0;
    const edit = async () => { clauseText(editor.doc).insert(0, `${n++} `); await editor.stored(); };
    const usualHealth = await usualTime(health);
    const usualEdit = await usualTime(edit);
    return async () => {
      const [healthTime, editTime] = [await timed(health), await timed(edit)];
      expect(healthTime, "GET /api/health during the attack (ms)").to.be.below(Math.max(5 * usualHealth, usualHealth + 150));
      expect(editTime, "another editor's stored edit during the attack (ms)").to.be.below(Math.max(5 * usualEdit, usualEdit + 150));
    };
  };
  const serverConnections = () => server.hub["rooms"].get(charterId)?.connections.size ?? 0;

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const c of clients.splice(0)) c.destroy();
    await server?.close();
  });

  it("closes a reader that floods sync requests (4429), with the document queued at most once, while others work on", async () => {
    await start();
    const check = await othersKeepWorking();
    const attacker = await raw(readerToken);
    attacker.stopReading();
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 3000; i++) attacker.send(SYNC_STEP1_EMPTY);
    await check();
    expect(process.memoryUsage().rss - rss, "memory taken by the attack (bytes)").to.be.below(64 * 1024 * 1024);
    attacker.resumeReading();
    expect(await attacker.closed).to.equal(CLOSE_CODES.rateLimited);
    // Ten sync requests were within the burst; each answered once only after the previous one was written out.
    const answers = attacker.received.filter((m) => m[0] == MESSAGE_SYNC && m[1] == 1);
    expect(answers.length).to.be.at.most(DEFAULT_COLLAB_LIMITS.syncRequests.burst + 1);
  });

  it("answers one sync request at a time, and drops a client that does not read (4408) before its backlog grows", async () => {
    // No rate limit here: back-pressure alone must hold.
    await start({ syncRequests: { perSecond: 1e6, burst: 1e6 }, updateBytes: { perSecond: 1e9, burst: 1e9 }, maxBufferedBytes: 16 * 1024 });
    const check = await othersKeepWorking();
    const attacker = await raw(readerToken);
    const readerConnection = () => [...server.hub["rooms"].get(charterId)!.connections].find((c) => c.participant.role == "reader");
    await eventually(() => !!readerConnection(), 3000, "the attacker's connection");
    const conn = readerConnection()!;
    let mostBuffered = 0;
    const sampler = setInterval(() => { mostBuffered = Math.max(mostBuffered, conn.ws.bufferedAmount); }, 2);
    attacker.stopReading();
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 2000; i++) attacker.send(SYNC_STEP1_EMPTY);
    await check();
    // Only the latest request waits while one answer is out: two answers in all, nothing piles up.
    expect(mostBuffered, "bytes queued for the attacker").to.be.below(256 * 1024);
    // The others' edits are broadcast to the attacker too (large pastes here, to fill the
    // kernel's socket buffers): once its backlog is over the limit, it goes.
    const editor = clients[0];
    const paste = "Texte collé. ".repeat(40000);
    await eventually(async () => {
      clauseText(editor.doc).insert(0, paste);
      await editor.stored();
      return !server.hub["rooms"].get(charterId)!.connections.has(conn);
    }, 20000, "the attacker dropped");
    clearInterval(sampler);
    expect(conn.closedWith).to.equal(CLOSE_CODES.tooSlow);
    // What waited for it never went beyond the limit by more than one message.
    expect(mostBuffered, "bytes queued for the attacker").to.be.below(16 * 1024 + 2 * paste.length);
    expect(process.memoryUsage().rss - rss, "memory taken by the attack (bytes)").to.be.below(96 * 1024 * 1024);
    attacker.resumeReading();
    await attacker.closed;
  });

  it("closes an editor that floods updates (4429), storing no more than its budget", async () => {
    await start();
    const check = await othersKeepWorking();
    const attacker = await connect(editorToken);
    const text = clauseText(attacker.doc);
    const before = Number((await server.services.db("charter_updates").count({ n: "*" }).first())!.n);
    // One-character edits as fast as a script can send them.
    for (let i = 0; i < 3000; i++) text.insert(0, "x");
    expect(await attacker.closed).to.equal(CLOSE_CODES.rateLimited);
    await check();
    await eventually(async () => Number((await server.services.db("charter_updates").count({ n: "*" }).first())!.n) > before, 3000, "stored");
    const after = Number((await server.services.db("charter_updates").count({ n: "*" }).first())!.n);
    expect(after - before, "updates stored from the flood").to.be.at.most(DEFAULT_COLLAB_LIMITS.updates.burst + 50);
  });

  it("closes a reader that floods presence (4429) and relays presence at most every 100 ms", async () => {
    await start();
    const check = await othersKeepWorking();
    const watcher = await raw(pilotToken);
    const lively = await raw(readerToken);
    const id = 4242;
    watcher.received.length = 0;
    const started = performance.now();
    for (let clock = 1; clock <= 30; clock++) {
      lively.send(awarenessMessage([[id, clock, { cursor: { n: clock } }]]));
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 250));
    const elapsed = performance.now() - started;
    const relayed = watcher.received.filter((m) => m[0] == MESSAGE_AWARENESS);
    expect(relayed.length, "presence messages relayed").to.be.at.most(Math.ceil(elapsed / 100) + 1).and.at.least(2);
    // The last state won.
    expect(Buffer.concat(relayed.slice(-1)).toString("latin1")).to.contain('"n":30');

    const flooder = await raw(readerToken);
    const rss = process.memoryUsage().rss;
    for (let clock = 1; clock <= 20000; clock++) flooder.send(awarenessMessage([[777, clock, { cursor: { n: clock }, pad: "x".repeat(200) }]]));
    expect(await flooder.closed).to.equal(CLOSE_CODES.rateLimited);
    await check();
    expect(process.memoryUsage().rss - rss, "memory taken by the flood (bytes)").to.be.below(64 * 1024 * 1024);
  });

  it("closes a flood of Charte's own messages (4429)", async () => {
    await start();
    const check = await othersKeepWorking();
    const attacker = await raw(readerToken);
    for (let i = 1; i <= 5000; i++) attacker.send(storedRequest(i));
    expect(await attacker.closed).to.equal(CLOSE_CODES.rateLimited);
    await check();
  });

  it("keeps each presence id with the user who announced it: no takeover, no second id, no one else's Yjs client id", async () => {
    await start();
    const pilot = await connect(pilotToken);
    pilot.provider.awareness.setLocalStateField("cursor", { here: true });
    clauseText(pilot.doc).insert(0, "Pilote ");
    await pilot.stored();
    const watcher = await connect(editorToken);
    const pilotPresence = pilot.doc.clientID;
    await eventually(() => watcher.provider.awareness.getStates().get(pilotPresence)?.user?.role == "pilot", 3000, "pilot's presence");

    // 500 ids in one message: only the first is taken.
    const reader = await raw(readerToken);
    reader.send(awarenessMessage(Array.from({ length: 500 }, (_, i) => [900000 + i, 1, { cursor: null }] as [number, number, unknown])));
    await eventually(() => watcher.provider.awareness.getStates().has(900000), 3000, "the reader's first id");
    await new Promise((r) => setTimeout(r, 300));
    expect([...watcher.provider.awareness.getStates().keys()].filter((id) => id > 900000 && id < 900500)).to.deep.equal([]);

    // The pilot leaves; a reader announcing the pilot's id is not believed.
    pilot.destroy();
    await eventually(() => !watcher.provider.awareness.getStates().has(pilotPresence), 3000, "pilot gone");
    const usurper = await raw(readerToken);
    usurper.send(awarenessMessage([[pilotPresence, 99, { cursor: { fake: true } }]]));
    await new Promise((r) => setTimeout(r, 300));
    expect(watcher.provider.awareness.getStates().has(pilotPresence)).to.equal(false);
    // Nor can anyone take the Yjs client id the pilot wrote with, even as a first presence.
    expect(server.hub["rooms"].get(charterId)!.awarenessOwners.has(pilotPresence)).to.equal(false);
  });

  it("caps connections per user and per address (4429), and frees a slot when one closes", async () => {
    await start({ maxConnectionsPerUser: 3, maxConnectionsPerAddress: 6 });
    const mine = [await raw(readerToken), await raw(readerToken), await raw(readerToken)];
    for (const s of mine) s.send(storedRequest(1));
    const fourth = new WebSocket(await collabUrl(server, charterId, readerToken));
    const code = await new Promise<number>((resolve) => fourth.once("close", resolve));
    expect(code).to.equal(CLOSE_CODES.rateLimited);
    mine[0].close();
    await eventually(() => serverConnections() == 2, 3000, "slot freed");
    const again = await raw(readerToken);
    again.send(storedRequest(1));
    await new Promise((r) => setTimeout(r, 100));
    expect(again.ws.readyState).to.equal(WebSocket.OPEN);

    // Per address: other users from the same address, until the cap.
    const others = await Promise.all([editorToken, pilotToken, pilotToken].map((t) => raw(t)));
    for (const s of others) s.send(storedRequest(1));
    const over = new WebSocket(await collabUrl(server, charterId, pilotToken));
    expect(await new Promise<number>((resolve) => over.once("close", resolve))).to.equal(CLOSE_CODES.rateLimited);
    const health = await server.api("GET", "/api/health");
    expect(health.status).to.equal(200);
  });

  it("closes a socket that sends nothing after opening (4408)", async () => {
    await start({ firstMessageTimeoutMs: 300 });
    const silent = await raw(readerToken);
    const started = performance.now();
    expect(await silent.closed).to.equal(CLOSE_CODES.tooSlow);
    expect(performance.now() - started).to.be.below(2000);
    // A talking one stays.
    const talking = await raw(readerToken);
    talking.send(storedRequest(1));
    await new Promise((r) => setTimeout(r, 600));
    expect(talking.ws.readyState).to.equal(WebSocket.OPEN);
  });

  it("refuses a presence state over the size limit (4413)", async () => {
    await start();
    const attacker = await raw(readerToken);
    attacker.send(awarenessMessage([[31337, 1, { pad: "x".repeat(DEFAULT_COLLAB_LIMITS.maxPresenceBytes + 1) }]]));
    expect(await attacker.closed).to.equal(CLOSE_CODES.tooLarge);
  });
});
