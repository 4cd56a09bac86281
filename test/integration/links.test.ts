import { expect } from "chai";
import { WebSocket } from "ws";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { addUser, freshCharter } from "../helpers/fixtures.js";
import { createServer, connect as tcpConnect, type Server as TcpServer, type Socket } from "node:net";
import { clauseText, collabTicket, collabUrl, connectClient, eventually, type TestClient } from "../helpers/collab.js";
import { RawCollabSocket, SYNC_STEP1_EMPTY } from "../helpers/rawCollab.js";
import { CLOSE_CODES, MESSAGE_SYNC } from "../../server/shared/collab.js";
import { DEFAULT_COLLAB_LIMITS, type ClusterConfig, type CollabLimits } from "../../server/config.js";
import { FORWARDED_SECRET_HEADER } from "../../server/collab/forwarding.js";
import { decodeDownFrame, decodeUpFrame, FRAME_CLOSE, FRAME_DATA, openFrame, upDataFrame } from "../../server/collab/links/linkFrames.js";
import type { ForwardingLink } from "../../server/collab/links/forwardingLinks.js";

const postgres = databaseKinds().find((kind) => kind.name == "postgresql");

/**
 * The links an instance opens to a charter's owner for the clients it
 * forwards (one per instance and charter): each broadcast crosses a link
 * once, every per-connection rule still holds on the owner, a client that
 * does not read is dropped by the instance it is connected to, and a link
 * is input from another instance, checked as such.
 */
if (postgres) describe("links between instances on postgresql", function () {
  this.timeout(60000);
  /** A owns the charters of these tests (its client comes first); B forwards its clients to A. */
  let a: TestServer;
  let b: TestServer;
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const sockets: RawCollabSocket[] = [];

  const pair = async (limits: Partial<CollabLimits> = {}, forwarderLimits: Partial<CollabLimits> = {}, cluster: Partial<ClusterConfig> = {}) => {
    a = await startTestServer({ database: postgres, cluster: { instanceId: "link-a", ...cluster }, config: { collab: { ...DEFAULT_COLLAB_LIMITS, ...limits } } });
    b = await startTestServer({ shareDatabaseWith: a, cluster: { instanceId: "link-b", ...cluster }, config: { collab: { ...DEFAULT_COLLAB_LIMITS, ...limits, ...forwarderLimits } } });
    servers.push(b, a);
  };
  /** A fresh user of the charter and its token (tickets are budgeted per user: each test has its own). */
  const member = async (charterId: string, role: "editor" | "reader" = "editor") => a.login((await addUser(a, { charterId, role })).email);
  const connect = async (server: TestServer, charterId: string, token: string) => {
    const client = await connectClient(server, charterId, token);
    clients.push(client);
    return client;
  };
  /** A bare socket; `syncing` sends y-websocket's first message (a socket that says nothing is closed after 5 s). */
  const raw = async (server: TestServer, charterId: string, token: string, syncing = true) => {
    const socket = await RawCollabSocket.open(server, charterId, token);
    sockets.push(socket);
    if (syncing) socket.send(SYNC_STEP1_EMPTY);
    return socket;
  };
  const linksOf = (server: TestServer): ForwardingLink[] => [...server.hub["forwarding"]["live"]];
  const roomSize = (server: TestServer, charterId: string) => server.hub["rooms"].get(charterId)?.connections.size ?? 0;
  /** Document updates among a raw socket's messages (sync step 2 or update), as bytes. */
  const updatesOf = (socket: RawCollabSocket) => socket.received.filter((m) => m[0] == MESSAGE_SYNC && m[1] == 2).map((m) => m.toString("hex"));

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const c of clients.splice(0)) c.destroy();
    for (const server of servers.splice(0)) await server.close();
  });

  it("sends each broadcast once down a link for all its clients, and each client gets the owner's messages in their order", async () => {
    await pair();
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId, await member(charterId));
    const direct = await raw(a, charterId, await member(charterId, "reader"));
    const forwarded: RawCollabSocket[] = [];
    for (let i = 0; i < 5; i++) forwarded.push(await raw(b, charterId, await member(charterId, "reader")));
    await eventually(() => roomSize(a, charterId) == 7, 5000, "every client served by A");
    expect(b.hub.loadedCharters).to.not.include(charterId);
    const [link] = linksOf(b);
    expect(linksOf(b)).to.have.length(1);
    // Every frame down the link from now on, decoded.
    const frames: { keys: number[]; data: Buffer }[] = [];
    link.ws.on("message", (data: Buffer) => {
      const frame = decodeDownFrame(data, 1000);
      if (frame.type == FRAME_DATA) frames.push(frame);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    frames.length = 0;

    const text = clauseText(editor.doc);
    for (let i = 0; i < 30; i++) {
      text.insert(0, `${i} `);
      // Some edits alone in their turn, some several to a turn (relayed merged).
      if (i % 3 == 0) await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await editor.stored();
    await eventually(() => forwarded.every((s) => updatesOf(s).length == updatesOf(direct).length) && updatesOf(direct).length > 0, 5000, "every update on every client");
    const broadcasts = frames.filter((f) => f.data[0] == MESSAGE_SYNC && f.data[1] == 2);
    // One frame per update relayed, each for the five forwarded clients; none sent to one client at a time.
    expect(broadcasts.length).to.equal(updatesOf(direct).length);
    for (const frame of broadcasts) expect(frame.keys).to.have.length(5);
    // The same messages, in the same order, as the client connected to the owner itself.
    for (const socket of forwarded) expect(updatesOf(socket)).to.deep.equal(updatesOf(direct));
  });

  it("refuses a link without the forwarding secret, and closes one that sends a malformed frame without harm to the owner", async () => {
    await pair();
    const charterId = await freshCharter(a);
    const linkUrl = `${a.wsUrl}/internal/collab/${charterId}/link`;
    const refusal = (headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(linkUrl, { headers });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => reject(new Error("a link was opened")));
      ws.on("error", () => {});
    });
    expect(await refusal({})).to.equal(403);
    expect(await refusal({ [FORWARDED_SECRET_HEADER]: "not-the-secret" })).to.equal(403);

    const editor = await connect(a, charterId, await member(charterId));
    const secret = a.services.config.cluster.forwardingSecret;
    const malformed = [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // a key beyond any integer
      Buffer.from([9, 1]), // no such frame type
      Buffer.from([1, 1, 3, 0x61]), // an OPEN cut short
      Buffer.from([1, 1, 1, 0x61, 5]), // an OPEN with a bad ticket flag
      Buffer.from([3, 1, 7]), // a CLOSE with trailing bytes
    ];
    for (const frame of malformed) {
      const link = new WebSocket(linkUrl, { headers: { [FORWARDED_SECRET_HEADER]: secret } });
      await new Promise((resolve, reject) => { link.once("open", resolve); link.once("error", reject); });
      const closed = new Promise<number>((resolve) => link.once("close", (code) => resolve(code)));
      link.send(frame);
      expect(await closed, `closed after ${frame.toString("hex")}`).to.equal(1006);
    }
    // A key opened twice is a confused forwarder too: closed, and the client it opened first with it is let go.
    const link = new WebSocket(linkUrl, { headers: { [FORWARDED_SECRET_HEADER]: secret } });
    await new Promise((resolve) => link.once("open", resolve));
    const closed = new Promise<number>((resolve) => link.once("close", (code) => resolve(code)));
    const open = Buffer.from([1, 1, 9, ...Buffer.from("127.0.0.1"), 0]);
    link.send(open);
    link.send(open);
    expect(await closed).to.equal(1006);
    // The owner serves on: its client's edit is stored, and a client forwarded by B is served.
    clauseText(editor.doc).insert(0, "toujours là ");
    await editor.stored();
    const viaB = await connect(b, charterId, await member(charterId));
    await eventually(() => clauseText(viaB.doc).toString().startsWith("toujours là "), 5000, "the edit through B");
    expect(roomSize(a, charterId)).to.equal(2);
  });

  it("counts a forwarded client against its own address on the owner, which caps it there", async () => {
    await pair({ maxConnectionsPerAddress: 2 });
    const charterId = await freshCharter(a);
    await connect(a, charterId, await member(charterId));
    // Behind a balancer on loopback (trusted by default), each client's address is its X-Forwarded-For.
    const from = async (address: string) => {
      const ws = new WebSocket(await collabUrl(b, charterId, await member(charterId)), { headers: { "x-forwarded-for": address } });
      ws.on("error", () => {});
      const opened = new Promise<void>((resolve) => ws.once("open", () => { ws.send(SYNC_STEP1_EMPTY); resolve(); }));
      const served = new Promise<boolean>((resolve) => { ws.once("message", () => resolve(true)); ws.once("close", () => resolve(false)); });
      const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
      await opened;
      return { ws, served, closed };
    };
    const first = await from("203.0.113.5");
    const second = await from("203.0.113.5");
    expect(await first.served).to.equal(true);
    expect(await second.served).to.equal(true);
    const third = await from("203.0.113.5");
    expect(await third.closed, "a third from the same address").to.equal(CLOSE_CODES.rateLimited);
    const other = await from("203.0.113.6");
    expect(await other.served, "one from another address").to.equal(true);
    for (const c of [first, second, other]) c.ws.terminate();
  });

  it("passes the owner's 1012 on to forwarded clients when it stops, and closes its own forwarded clients with 1012 when the forwarder stops", async () => {
    await pair();
    const owner = await startTestServer({ shareDatabaseWith: a, cluster: { instanceId: "link-owner" } });
    servers.unshift(owner);
    const charterId = await freshCharter(a);
    await connect(owner, charterId, await member(charterId));
    const forwarded = await raw(b, charterId, await member(charterId));
    await eventually(() => roomSize(owner, charterId) == 2, 5000, "the forwarded client served by the owner");
    servers.splice(servers.indexOf(owner), 1);
    await owner.close();
    expect(await forwarded.closed).to.equal(CLOSE_CODES.serviceRestart);

    // B now forwards to A (the charter's owner from now on); B stopping tells its client 1012 itself.
    const other = await freshCharter(a);
    await connect(a, other, await member(other));
    const viaB = await raw(b, other, await member(other));
    await eventually(() => roomSize(a, other) == 2, 5000, "the forwarded client served by A");
    servers.splice(servers.indexOf(b), 1);
    await b.close();
    expect(await viaB.closed).to.equal(CLOSE_CODES.serviceRestart);
    await eventually(() => roomSize(a, other) == 1, 5000, "A letting the forwarded client go");
  });

  it("closes a link's clients with 1013 when it drops (they reconnect and converge), and a link left without clients after a while", async () => {
    await pair({}, {}, { linkIdleMs: 300 });
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId, await member(charterId));
    const viaB = await connect(b, charterId, await member(charterId));
    const watcher = await raw(b, charterId, await member(charterId, "reader"));
    await eventually(() => roomSize(a, charterId) == 3, 5000, "every client served by A");
    // The link is cut (a network failure, the owner's process gone).
    linksOf(b)[0].ws.terminate();
    expect(await watcher.closed).to.equal(CLOSE_CODES.tryAgain);
    await eventually(() => viaB.provider.wsconnected && roomSize(a, charterId) == 2, 10000, "the y-websocket client back through a new link");
    clauseText(viaB.doc).insert(0, "revenu ");
    await viaB.stored();
    await eventually(() => clauseText(editor.doc).toString().startsWith("revenu "), 5000, "the edit made after reconnecting");
    // Its last client gone, the link closes once idle for linkIdleMs, and A lets that client go.
    viaB.destroy();
    await eventually(() => linksOf(b).length == 0 && roomSize(a, charterId) == 1, 3000, "the idle link closed");
  });

  it("ends a link whose forwarding instance does not read it once beyond linkMaxBufferedBytes: its clients are let go on the owner, told 1013 on their instance", async () => {
    await pair({ updateBytes: { perSecond: 1e9, burst: 1e9 } }, {}, { linkMaxBufferedBytes: 256 * 1024 });
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId, await member(charterId));
    const forwarded = await raw(b, charterId, await member(charterId, "reader"));
    await eventually(() => roomSize(a, charterId) == 2, 5000, "the forwarded client served by A");
    const [link] = linksOf(b);
    // B stops reading its link (a hung process would): A's writes pile up, first in the kernel, then in A.
    link.ws.pause();
    const paste = "Texte collé. ".repeat(40000);
    let n = 0;
    await eventually(async () => {
      clauseText(editor.doc).insert(0, paste.slice(n++));
      await editor.stored();
      return roomSize(a, charterId) == 1;
    }, 20000, "the link ended by A");
    link.ws.resume();
    expect([CLOSE_CODES.tryAgain, 1006]).to.include(await forwarded.closed);
  });

  it("stops reading its clients while its owner does not read the link, and reads them again once it does: a flooding client does not end the link for the others", async () => {
    await pair({}, {}, { linkMaxBufferedBytes: 256 * 1024 });
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId, await member(charterId));
    const peer = await connect(b, charterId, await member(charterId));
    const flooder = await raw(b, charterId, await member(charterId));
    await eventually(() => roomSize(a, charterId) == 3, 5000, "every client served by A");
    // A stops reading B's link (a busy or hung owner): what B's clients send piles up, first in the kernel, then in B.
    const ownerSide: WebSocket = [...a.hub["ownerLinks"]["links"]][0]["ws"];
    ownerSide.pause();
    const [link] = linksOf(b);
    let mostBuffered = 0;
    const sampler = setInterval(() => { mostBuffered = Math.max(mostBuffered, link.ws.bufferedAmount); }, 2);
    // Messages of an unknown type: A closes the flooder (4400) at the first it reads.
    const junk = new Uint8Array(16 * 1024).fill(7);
    for (let i = 0; i < 2000; i++) {
      flooder.send(junk);
      if (i % 50 == 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => link["paused"] === true, 10000, "B no longer reading its clients");
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(sampler);
    expect(link.open, "the link, while A does not read it").to.equal(true);
    expect(mostBuffered, "bytes B kept for the link").to.be.below(256 * 1024);
    ownerSide.resume();
    expect([CLOSE_CODES.badMessage, 1006]).to.include(await flooder.closed);
    // The other client on the link was never cut: its edit goes through the same link.
    clauseText(peer.doc).insert(0, "toujours ");
    await peer.stored();
    await eventually(() => clauseText(editor.doc).toString().startsWith("toujours "), 5000, "the peer's edit on A");
    expect(linksOf(b)).to.deep.equal([link]);
    expect(link["paused"]).to.equal(false);
  });

  it("passes nothing more on from a client its owner closed, cuts it if it keeps sending, and cuts it anyway if it does not answer the close soon", async () => {
    await pair({ firstMessageTimeoutMs: 1000 });
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId, await member(charterId));
    const peer = await connect(b, charterId, await member(charterId));
    const sender = await raw(b, charterId, await member(charterId, "reader"), false);
    await eventually(() => roomSize(a, charterId) == 3, 5000, "every client served by A");
    const [link] = linksOf(b);
    const clientOfB = () => [...link["clients"].entries()].at(-1)!;
    const [senderKey, senderSocket] = clientOfB();
    // It no longer reads, so it never answers the close frame B sends it for A; it floods sync requests until A closes it (4429).
    sender.stopReading();
    for (let i = 0; i < 3000; i++) sender.send(SYNC_STEP1_EMPTY);
    await eventually(() => roomSize(a, charterId) == 2 && senderSocket.readyState != senderSocket.OPEN, 10000, "the sender closed by A, B told so");
    const ownerSide: WebSocket = [...a.hub["ownerLinks"]["links"]][0]["ws"];
    let framesOfSender = 0;
    ownerSide.on("message", (data: Buffer) => { const frame = decodeUpFrame(data); if (frame.type == FRAME_DATA && frame.key == senderKey) framesOfSender++; });
    const big = new Uint8Array(64 * 1024).fill(MESSAGE_SYNC);
    for (let i = 0; i < 200; i++) sender.send(big);
    await eventually(() => senderSocket.readyState == senderSocket.CLOSED, 3000, "the sender cut by B");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(framesOfSender, "messages of the closed sender that reached A").to.equal(0);

    // One closed by B itself (a text message) passes nothing more on either.
    const texter = await raw(b, charterId, await member(charterId, "reader"));
    await eventually(() => roomSize(a, charterId) == 3, 5000, "the texter served by A");
    const [texterKey, texterSocket] = clientOfB();
    let framesOfTexter = 0;
    ownerSide.on("message", (data: Buffer) => { const frame = decodeUpFrame(data); if (frame.type == FRAME_DATA && frame.key == texterKey) framesOfTexter++; });
    texter.stopReading();
    texter.ws.send("du texte");
    for (let i = 0; i < 50; i++) texter.send(big);
    await eventually(() => texterSocket.readyState != texterSocket.OPEN, 3000, "the texter closed by B");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(framesOfTexter, "messages of the texter that reached A after its text").to.equal(0);
    texter.close();
    await eventually(() => roomSize(a, charterId) == 2, 5000, "A letting the texter go");

    // A client that says nothing is closed by A after firstMessageTimeoutMs (4408); not answering, it is cut after a short grace, not ws's 30 s.
    const silent = await raw(b, charterId, await member(charterId, "reader"), false);
    silent.stopReading();
    const [, silentSocket] = clientOfB();
    // Another, closed likewise, has sent a few messages before the close frame reached it: it still hears its close code.
    const late = await raw(b, charterId, await member(charterId, "reader"), false);
    late.stopReading();
    const [, lateSocket] = clientOfB();
    await eventually(() => silentSocket.readyState == silentSocket.CLOSING && lateSocket.readyState == lateSocket.CLOSING, 5000, "both closed by A, B told so");
    const closedAt = performance.now();
    for (let i = 0; i < 3; i++) late.send(SYNC_STEP1_EMPTY);
    late.resumeReading();
    expect(await late.closed).to.equal(CLOSE_CODES.tooSlow);
    await eventually(() => silentSocket.readyState == silentSocket.CLOSED, 5000, "the silent client cut by B");
    expect(performance.now() - closedAt, "ms before the silent client was cut").to.be.below(4000);
    // The link and its other client go on.
    clauseText(peer.doc).insert(0, "encore ");
    await peer.stored();
    await eventually(() => clauseText(editor.doc).toString().startsWith("encore "), 5000, "the peer's edit on A");
    expect(linksOf(b)).to.deep.equal([link]);
  });

  it("drops a forwarded client that does not read (4408) on its instance, while the other clients' edits flow", async () => {
    // No rate limit on sync requests here: back-pressure alone must hold through the link.
    await pair({ syncRequests: { perSecond: 1e6, burst: 1e6 }, updateBytes: { perSecond: 1e9, burst: 1e9 } }, { maxBufferedBytes: 16 * 1024 });
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId, await member(charterId));
    const peer = await connect(b, charterId, await member(charterId));
    const attacker = await raw(b, charterId, await member(charterId, "reader"), false);
    await eventually(() => roomSize(a, charterId) == 3, 5000, "every client served by A");
    // B's socket of the attacker: the last client its link took.
    const attackerSocket: WebSocket = [...linksOf(b)[0]["clients"].values()].at(-1)!;
    let mostBuffered = 0;
    const sampler = setInterval(() => { mostBuffered = Math.max(mostBuffered, attackerSocket.bufferedAmount); }, 2);
    attacker.stopReading();
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 2000; i++) attacker.send(SYNC_STEP1_EMPTY);
    const paste = "Texte collé. ".repeat(40000);
    let n = 0;
    await eventually(async () => {
      clauseText(editor.doc).insert(0, paste.slice(n++));
      await editor.stored();
      return roomSize(a, charterId) == 2;
    }, 20000, "the attacker dropped");
    clearInterval(sampler);
    // What waited for it on B never went beyond the limit by more than a message or two.
    expect(mostBuffered, "bytes queued for the attacker").to.be.below(16 * 1024 + 2 * paste.length * 1.1);
    expect(process.memoryUsage().rss - rss, "memory taken by the attack on both instances (bytes)").to.be.below(128 * 1024 * 1024);
    // The other client forwarded by B goes on: its edit is stored and reaches the owner's client.
    clauseText(peer.doc).insert(0, "toujours ");
    await peer.stored();
    await eventually(() => clauseText(editor.doc).toString().startsWith("toujours "), 5000, "the peer's edit on A");
    attacker.resumeReading();
    expect([CLOSE_CODES.tooSlow, 1006]).to.include(await attacker.closed);
  });

  it("closes a reader that floods sync requests through another instance (4429), answered within its budget, while others work on", async () => {
    await pair();
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId, await member(charterId));
    const peer = await connect(b, charterId, await member(charterId));
    const attacker = await raw(b, charterId, await member(charterId, "reader"), false);
    await eventually(() => roomSize(a, charterId) == 3, 5000, "every client served by A");
    attacker.stopReading();
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 3000; i++) attacker.send(SYNC_STEP1_EMPTY);
    // Edits keep flowing both ways meanwhile.
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      clauseText(peer.doc).insert(0, `b${i} `);
      await peer.stored();
      await eventually(() => clauseText(editor.doc).toString().startsWith(`b${i} `), 3000, "the forwarded editor's edit on A");
      clauseText(editor.doc).insert(0, `a${i} `);
      await editor.stored();
      await eventually(() => clauseText(peer.doc).toString().startsWith(`a${i} `), 3000, "the owner's editor's edit on B");
      expect(performance.now() - started, "ms for an edit each way").to.be.below(2000);
    }
    expect(process.memoryUsage().rss - rss, "memory taken by the attack on both instances (bytes)").to.be.below(64 * 1024 * 1024);
    attacker.resumeReading();
    expect(await attacker.closed).to.equal(CLOSE_CODES.rateLimited);
    // Ten sync requests were within the owner's burst: the others were never answered.
    const answers = attacker.received.filter((m) => m[0] == MESSAGE_SYNC && m[1] == 1);
    expect(answers.length).to.be.at.most(DEFAULT_COLLAB_LIMITS.syncRequests.burst + 1);
  });
  it("holds a forwarded client's first messages while the owner claims the charter, and closes one that sends over 100 meanwhile (4429)", async () => {
    await pair();
    const charterId = await freshCharter(a);
    // Another instance's claim under way: the lease row is locked, so A's claim waits for it.
    const trx = await a.services.db.transaction();
    await trx.raw(
      `INSERT INTO charter_leases AS l (charter_id, instance_id, address, epoch, expires_at, liveness_pid, liveness_started)
       VALUES (?, 'link-test', 'http://127.0.0.1:9', 0, now(), 0, now()) ON CONFLICT (charter_id) DO UPDATE SET expires_at = l.expires_at`,
      [charterId],
    );
    // The test forwards two clients itself, over a link of its own to A.
    const link = new WebSocket(`${a.wsUrl}/internal/collab/${charterId}/link`, { headers: { [FORWARDED_SECRET_HEADER]: a.services.config.cluster.forwardingSecret } });
    const down: ReturnType<typeof decodeDownFrame>[] = [];
    link.on("message", (data: Buffer) => down.push(decodeDownFrame(data, 10)));
    await new Promise((resolve, reject) => { link.once("open", resolve); link.once("error", reject); });
    try {
      const reader = await collabTicket(a, charterId, await member(charterId, "reader"));
      const flooder = await collabTicket(a, charterId, await member(charterId, "reader"));
      // The first asks to sync as y-websocket does, at once; the second sends 101 messages before the claim ends.
      link.send(openFrame(1, "127.0.0.1", reader));
      link.send(upDataFrame(1, SYNC_STEP1_EMPTY));
      link.send(openFrame(2, "127.0.0.1", flooder));
      for (let i = 0; i < 101; i++) link.send(upDataFrame(2, SYNC_STEP1_EMPTY));
      await eventually(() => down.some((f) => f.type == FRAME_CLOSE), 3000, "the flooder closed");
      expect(down).to.deep.equal([{ type: FRAME_CLOSE, key: 2, code: CLOSE_CODES.rateLimited, reason: "Too many messages before authentication" }]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(a.hub.loadedCharters, "A still claiming").to.not.include(charterId);
      expect(down, "nothing for the reader before A serves it").to.have.length(1);
    } finally {
      await trx.rollback();
    }
    // A's claim goes through: the reader's held sync request is answered with the document.
    await eventually(() => down.some((f) => f.type == FRAME_DATA && f.keys.includes(1) && f.data[0] == MESSAGE_SYNC && f.data[1] == 1), 5000, "the reader's sync answered");
    expect(roomSize(a, charterId)).to.equal(1);
    link.terminate();
  });

  it("logs an owner's refusal of its links (403: another JWT_SECRET) as a configuration error and tells the client 1013 at once", async () => {
    // B's forwarding secret is derived from a JWT_SECRET that is not A's.
    a = await startTestServer({ database: postgres, cluster: { instanceId: "link-a" } });
    b = await startTestServer({ shareDatabaseWith: a, cluster: { instanceId: "link-b", forwardingSecret: "derived-from-another-jwt-secret" } });
    servers.push(b, a);
    const charterId = await freshCharter(a);
    await connect(a, charterId, await member(charterId));
    const logged: string[] = [];
    const { error, warn } = console;
    console.error = console.warn = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
    let code: number;
    const started = performance.now();
    try {
      const socket = await raw(b, charterId, await member(charterId));
      code = await socket.closed;
    } finally {
      console.error = error;
      console.warn = warn;
    }
    expect(code).to.equal(CLOSE_CODES.tryAgain);
    expect(performance.now() - started, "ms before the client was told").to.be.below(a.services.config.cluster.livenessTimeoutMs);
    expect(logged.join("\n")).to.match(/configuration error.*HTTP 403.*JWT_SECRET/);
    expect(logged.join("\n")).to.not.match(/cannot be reached/);
  });

  it("tells a client whose link is still opening when its instance stops 1012, not 1013", async () => {
    // A is reached by B through a relay that holds connections until told, as a slow network would.
    const held: Socket[] = [];
    let target = 0;
    const relay: TcpServer = createServer((socket) => { socket.pause(); held.push(socket); });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const relayed = () => { for (const socket of held.splice(0)) { const to = tcpConnect(target, "127.0.0.1"); socket.pipe(to).pipe(socket); socket.resume(); to.on("error", () => socket.destroy()); socket.on("error", () => to.destroy()); } };
    try {
      await pair({}, {}, { internalUrl: `http://127.0.0.1:${(relay.address() as { port: number }).port}` });
      target = a.port;
      const charterId = await freshCharter(a);
      await connect(a, charterId, await member(charterId));
      const ws = new WebSocket(await collabUrl(b, charterId, await member(charterId)));
      const outcome = new Promise<string>((resolve) => {
        ws.on("close", (code) => resolve(String(code)));
        ws.on("unexpected-response", (_req, res) => resolve(`HTTP ${res.statusCode}`));
        ws.on("error", () => {});
      });
      await eventually(() => held.length > 0, 5000, "B opening its link to A");
      servers.splice(servers.indexOf(b), 1);
      const stopping = b.close();
      // Should B not give the link up, it would open now.
      relayed();
      expect(await outcome).to.equal(String(CLOSE_CODES.serviceRestart));
      await stopping;
    } finally {
      relay.close();
    }
  });
  for (const taker of ["this instance", "another instance"] as const)
  it(`ends a link to an owner gone unseen once a claim finds the charter taken by ${taker}: its clients are told 1013 at once, not when pings time out`, async () => {
    // B reaches A through a relay that can stop passing anything on, as a cut network or a stopped process would.
    let target = 0;
    let frozen = false;
    const toA: Socket[] = [];
    const relay: TcpServer = createServer((from) => {
      const to = tcpConnect(target, "127.0.0.1");
      toA.push(to);
      from.on("data", (data) => { if (!frozen) to.write(data); });
      to.on("data", (data) => { if (!frozen) from.write(data); });
      from.on("close", () => { if (!frozen) to.destroy(); });
      to.on("close", () => { if (!frozen) from.destroy(); });
      from.on("error", () => {});
      to.on("error", () => {});
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    try {
      // Pings far apart: only the claim can end the link within this test.
      const cluster = { linkPingIntervalMs: 600000 };
      b = await startTestServer({ database: postgres, cluster: { instanceId: "link-b", ...cluster } });
      a = await startTestServer({ shareDatabaseWith: b, cluster: { instanceId: "link-a", internalUrl: `http://127.0.0.1:${(relay.address() as { port: number }).port}`, ...cluster } });
      target = a.port;
      servers.push(a, b);
      const c = taker == "another instance" ? await startTestServer({ shareDatabaseWith: b, cluster: { instanceId: "link-c", ...cluster } }) : null;
      if (c) servers.unshift(c);
      const charterId = await freshCharter(a);
      await connect(a, charterId, await member(charterId));
      const old = await raw(b, charterId, await member(charterId, "reader"));
      await eventually(() => roomSize(a, charterId) == 2, 5000, "the forwarded client served by A");
      const [newcomerToken, editorOfC] = [await member(charterId, "reader"), await member(charterId)];
      // A goes, and B hears nothing of it: A's end of the link is cut, B's stays open and silent.
      frozen = true;
      for (const socket of toA) socket.destroy();
      servers.splice(servers.indexOf(a), 1);
      await a.close();
      expect(linksOf(b)).to.have.length(1);
      // C takes the charter (a client of its own), or B does (its newcomer's claim).
      if (c) await connect(c, charterId, editorOfC);
      const started = performance.now();
      const newcomer = await raw(b, charterId, newcomerToken);
      expect(await old.closed).to.equal(CLOSE_CODES.tryAgain);
      expect(performance.now() - started, "ms before the old link's client was told").to.be.below(3000);
      const server = c ?? b;
      await eventually(() => roomSize(server, charterId) == (c ? 2 : 1) && newcomer.received.length > 0, 5000, "the newcomer served by its new owner");
      expect(linksOf(b).map((link) => link.address)).to.deep.equal(c ? [c.url] : []);
    } finally {
      relay.close();
    }
  });
});
