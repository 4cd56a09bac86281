import { expect } from "chai";
import * as Y from "yjs";
import { databaseKinds, sqliteOnly } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { freshCharter } from "../helpers/fixtures.js";
import { WebSocket } from "ws";
import { clauseText, collabTicket, collabUrl, connectClient, eventually, type TestClient } from "../helpers/collab.js";
import { addUser } from "../helpers/fixtures.js";
import { freePort } from "../helpers/serverProcess.js";
import { FORWARDED_SECRET_HEADER } from "../../server/collab/forwarding.js";
import { linkPath } from "../../server/collab/links/ownerLinks.js";
import { decodeDownFrame, FRAME_CLOSE, openFrame } from "../../server/collab/links/linkFrames.js";
import { FailoverProxy } from "../helpers/failoverProxy.js";
import { loadStoredYDoc } from "../../server/domain/documents.js";
import { CLOSE_CODES } from "../../server/shared/collab.js";
import { rawExchange, statusLine, upgradeRequest } from "../helpers/rawHttp.js";
import { sendRemoteChange } from "../../server/collab/remoteChanges.js";
import { contentHash } from "../../server/domain/versions/canonical.js";
import { parseCharterDocument } from "../../server/shared/validate.js";

const postgres = databaseKinds().find((kind) => kind.name == "postgresql");

/** Two instances on one PostgreSQL database: each charter is served by one of them, under a lease. */
if (postgres) describe("charter ownership between two instances on postgresql", function () {
  this.timeout(60000);
  let a: TestServer;
  let b: TestServer;
  let token: string;
  let otherToken: string;
  const clients: TestClient[] = [];
  const proxies: FailoverProxy[] = [];

  before(async () => {
    // Renewals far apart: a test that expires a lease by hand is not undone by a renewal in between.
    // A's write transactions are ended by PostgreSQL after 1 s idle, sooner than B waits for a locked lease (2 s).
    a = await startTestServer({ database: postgres, cluster: { instanceId: "instance-a", leaseTtlMs: 120000, leaseRenewMs: 60000, livenessTimeoutMs: 1000 }, hub: { compactEvery: 4 } });
    b = await startTestServer({ shareDatabaseWith: a, cluster: { instanceId: "instance-b", leaseTtlMs: 120000, leaseRenewMs: 60000 } });
    token = await a.login("redacteur@example.org");
    otherToken = await a.login("pilote@example.org");
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const p of proxies.splice(0)) await p.close();
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  const db = () => a.services.db;
  const lease = (charterId: string) => db()("charter_leases").where({ charter_id: charterId }).first();
  const connect = async (server: Pick<TestServer, "api" | "wsUrl">, charterId: string, as = token) => {
    const client = await connectClient(server, charterId, as);
    clients.push(client);
    return client;
  };
  /** The draft as a replay of the stored rows gives it. */
  const storedText = async (charterId: string) => {
    const doc = await loadStoredYDoc(db(), charterId);
    try {
      return clauseText(doc).toString();
    } finally {
      doc.destroy();
    }
  };
  const proxyTo = async (...servers: TestServer[]) => {
    const proxy = await new FailoverProxy(servers.map((s) => s.port)).listen();
    proxies.push(proxy);
    return proxy;
  };

  it("serves a charter from the instance that claimed it: another's claim names it as the owner", async () => {
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId);
    clauseText(editor.doc).insert(0, "premier ");
    await editor.stored();
    expect(await lease(charterId)).to.include({ instance_id: "instance-a", address: a.url });
    expect(Number((await lease(charterId)).epoch)).to.equal(1);
    expect(await b.hub.ownership.claim(charterId)).to.deep.equal({ kind: "elsewhere", instanceId: "instance-a", address: a.url });
    expect(b.hub.ownership.heldEpoch(charterId)).to.equal(undefined);
    // Every row is written under the owner's epoch.
    const epochs = await db()("charter_updates").where({ charter_id: charterId }).whereNotNull("epoch").pluck("epoch");
    expect(epochs.map(Number)).to.include(1).and.not.include(2);
  });

  it("refuses the commits of a stale owner, closes its clients, and they resend their edits to the new owner", async () => {
    const charterId = await freshCharter(a);
    const proxy = await proxyTo(a, b);
    const stale = await connect(proxy.endpoint, charterId);
    clauseText(stale.doc).insert(0, "avant ");
    await stale.stored();
    expect(await lease(charterId)).to.include({ instance_id: "instance-a" });

    // A hangs beyond its lease (its lease is made to expire), and new connections now reach B, which takes the charter.
    await db().raw("UPDATE charter_leases SET expires_at = now() - interval '1 second' WHERE charter_id = ?", [charterId]);
    proxy.down.add(a.port);
    const fresh = await connect(proxy.endpoint, charterId, otherToken);
    expect(await lease(charterId)).to.include({ instance_id: "instance-b" });
    expect(Number((await lease(charterId)).epoch)).to.equal(2);
    const lastIdAtTakeover = Number((await db()("charter_updates").max({ id: "id" }).first())!.id);
    expect(clauseText(fresh.doc).toString()).to.match(/^avant /);

    // A still has the charter open: an edit made there is refused by its commit, never said stored there…
    clauseText(stale.doc).insert(0, "perime ");
    let acknowledged = false;
    void stale.stored().then(() => (acknowledged = true));
    expect(await stale.closed).to.equal(CLOSE_CODES.tryAgain);
    expect(a.hub.loadedCharters).to.not.include(charterId);
    expect(acknowledged).to.equal(false);
    expect(Number((await db()("charter_updates").where({ charter_id: charterId, epoch: 1 }).where("id", ">", lastIdAtTakeover).count({ n: "*" }).first())!.n)).to.equal(0);

    // …and the client, reconnecting to B, sends it again: B stores it and the other client gets it.
    await eventually(() => stale.provider.wsconnected && stale.provider.synced, 10000, "reconnection to the new owner");
    await stale.stored();
    expect(acknowledged).to.equal(true);
    await eventually(() => clauseText(fresh.doc).toString().startsWith("perime avant "), 5000, "the resent edit on B");
    expect(await storedText(charterId)).to.match(/^perime avant /);
    expect(Number((await db()("charter_updates").where({ charter_id: charterId, epoch: 1 }).where("id", ">", lastIdAtTakeover).count({ n: "*" }).first())!.n)).to.equal(0);
    expect(Number((await db()("charter_updates").where({ charter_id: charterId, epoch: 2 }).count({ n: "*" }).first())!.n)).to.be.greaterThan(0);
  });

  it("forwards a connection made to the other instance to the owner: its clients converge with the owner's", async () => {
    const charterId = await freshCharter(a);
    const onOwner = await connect(a, charterId);
    const viaB = await connect(b, charterId, otherToken);
    // B did not take the charter: it passed the connection on to A, which serves both.
    expect(b.hub.loadedCharters).to.not.include(charterId);
    expect(await lease(charterId)).to.include({ instance_id: "instance-a" });
    clauseText(viaB.doc).insert(0, "par B ");
    clauseText(onOwner.doc).insert(0, "par A ");
    await Promise.all([viaB.stored(), onOwner.stored()]);
    await eventually(() => clauseText(viaB.doc).toString() == clauseText(onOwner.doc).toString(), 5000, "convergence");
    expect(clauseText(viaB.doc).toString()).to.contain("par B").and.contain("par A");
    expect(await storedText(charterId)).to.equal(clauseText(onOwner.doc).toString());
  });

  it("keeps permissions through the forward: a reader's edits are dropped, a demotion made on B turns the forwarded editor read-only", async () => {
    const charterId = await freshCharter(a);
    const pilot = await connect(a, charterId, otherToken);
    const reader = await addUser(a, { charterId, role: "reader" });
    const readerClient = await connect(b, charterId, await b.login(reader.email));
    await eventually(() => readerClient.canEdit === false, 3000, "read-only access");
    clauseText(readerClient.doc).insert(0, "lecteur ");
    await readerClient.stored();
    const member = await addUser(a, { charterId, role: "editor" });
    const editor = await connect(b, charterId, await b.login(member.email));
    await eventually(() => editor.canEdit === true, 3000, "edit access");
    await b.api("PATCH", `/api/charters/${charterId}/members/${member.id}`, { token: otherToken, body: { role: "reader" } });
    await eventually(() => editor.canEdit === false, 6000, "read-only access after the demotion");
    clauseText(editor.doc).insert(0, "retrograde ");
    await editor.stored();
    clauseText(pilot.doc).insert(0, "repere ");
    await pilot.stored();
    await eventually(() => clauseText(editor.doc).toString().includes("repere"), 3000, "sync");
    const stored = await storedText(charterId);
    expect(stored).to.contain("repere").and.not.contain("lecteur");
    expect(stored).to.not.contain("retrograde");
    expect(clauseText(pilot.doc).toString()).to.not.contain("lecteur").and.not.contain("retrograde");
    // Removed on B: the forwarded connection is closed by the owner.
    await b.api("DELETE", `/api/charters/${charterId}/members/${reader.id}`, { token: otherToken });
    expect(await readerClient.closed).to.equal(CLOSE_CODES.forbidden);
  });

  it("sends a change made through the other instance (a rename) to the owner, which stores and broadcasts it", async () => {
    const charterId = await freshCharter(a);
    const onOwner = await connect(a, charterId);
    const title = () => onOwner.doc.getXmlFragment("prosemirror").get(0).toString();
    const renamed = await b.api("PATCH", `/api/charters/${charterId}`, { token: otherToken, body: { title: "Renommée par B" } });
    expect(renamed.status).to.equal(200);
    // B never took the charter: A applied the change, its client sees it, and it is stored under A's epoch.
    expect(b.hub.loadedCharters).to.not.include(charterId);
    expect(await lease(charterId)).to.include({ instance_id: "instance-a" });
    await eventually(() => title().includes("Renommée par B"), 3000, "the new title on the owner's client");
    const stored = await loadStoredYDoc(db(), charterId);
    expect(stored.getXmlFragment("prosemirror").get(0).toString()).to.include("Renommée par B");
    stored.destroy();
    expect(Number((await db()("charter_updates").where({ charter_id: charterId }).whereNot({ epoch: 1 }).count({ n: "*" }).first())!.n)).to.equal(0);
    // Only an instance may send one: without the secret, refused.
    const forged = await fetch(`${a.url}/internal/collab/${charterId}/changes`, { method: "POST", headers: { "x-charte-user": "x" }, body: JSON.stringify({ kind: "title", title: "Forgée" }) });
    expect(forged.status).to.equal(403);
  });

  it("restores a version through the other instance on the owner's live draft: raced by a second restore, or sent again, the version's text is there once", async () => {
    const charterId = await freshCharter(a);
    const onOwner = await connect(a, charterId);
    clauseText(onOwner.doc).insert(0, "Texte de V1. ");
    await onOwner.stored();
    const v1 = (await b.api("POST", `/api/charters/${charterId}/versions`, { token: otherToken, body: { label: "V1" } })).body;
    clauseText(onOwner.doc).delete(0, "Texte de V1. ".length);
    clauseText(onOwner.doc).insert(0, "Texte à annuler. ");
    await onOwner.stored();
    // Two restores at once through B: each used to be an update computed on the stored draft, and both inserted V1's text.
    const restore = () => b.api("POST", `/api/charters/${charterId}/versions/${v1.id}/restore`, { token: otherToken });
    const answers = await Promise.all([restore(), restore()]);
    expect(answers.map((r) => r.status)).to.deep.equal([200, 200]);
    // Sent again, as after an answer lost on the way back: the draft already says it.
    const pilotId = (await db()("users").where({ email: "pilote@example.org" }).first()).id;
    const version = (await b.api("GET", `/api/charters/${charterId}/versions/${v1.id}`, { token: otherToken })).body.version.document;
    expect(await sendRemoteChange(a.url, a.services.config.cluster.forwardingSecret, charterId, pilotId, { kind: "content", document: version })).to.equal("applied");
    await eventually(() => !clauseText(onOwner.doc).toString().includes("Texte à annuler"), 3000, "the restore on the owner's client");
    expect(clauseText(onOwner.doc).toString().match(/Texte de V1/g)).to.have.length(1);
    const draft = (await b.api("GET", `/api/charters/${charterId}/document`, { token: otherToken })).body.document;
    expect(contentHash(parseCharterDocument(draft))).to.equal(v1.hash);
    expect(await storedText(charterId)).to.equal(clauseText(onOwner.doc).toString());
    expect(b.hub.loadedCharters).to.not.include(charterId);
    // What is not a change is refused (400), and changes nothing.
    const send = (body: string) => fetch(`${a.url}/internal/collab/${charterId}/changes`, { method: "POST", headers: { [FORWARDED_SECRET_HEADER]: a.services.config.cluster.forwardingSecret, "x-charte-user": pilotId, "content-type": "application/json" }, body });
    for (const body of ["{", JSON.stringify({ kind: "content", document: { type: "paragraph" } }), JSON.stringify({ kind: "title", title: 42 }), JSON.stringify({ kind: "script" })])
      expect((await send(body)).status, body).to.equal(400);
    expect(await storedText(charterId)).to.equal(clauseText(onOwner.doc).toString());
  });

  it("never forwards a forwarded connection again, and closes with 1013 when the owner cannot be reached", async () => {
    const charterId = await freshCharter(a);
    await connect(a, charterId);
    const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    // A client forwarded to B over a link, as from an instance: B does not own it, so it says "try again" rather than forward it.
    const secret = b.services.config.cluster.forwardingSecret;
    const link = new WebSocket(`${b.wsUrl}${linkPath(charterId)}`, { headers: { [FORWARDED_SECRET_HEADER]: secret } });
    await new Promise((resolve) => link.once("open", resolve));
    const answer = new Promise<Buffer>((resolve) => link.once("message", resolve));
    link.send(openFrame(1, "203.0.113.9", await collabTicket(b, charterId, token)));
    expect(decodeDownFrame(await answer, 1)).to.deep.equal({ type: FRAME_CLOSE, key: 1, code: CLOSE_CODES.tryAgain, reason: "No instance can serve this charter now" });
    link.close();
    // The secret in a client's own upgrade is nothing: B forwards it to A as any client's, and A serves it (its first message is the sync).
    const forged = new WebSocket(await collabUrl(b, charterId, token), { headers: { [FORWARDED_SECRET_HEADER]: secret } });
    await new Promise<void>((resolve, reject) => { forged.once("message", () => resolve()); forged.once("close", (code) => reject(new Error(`closed with ${code}`))); });
    forged.close();
    expect(b.hub.loadedCharters).to.not.include(charterId);
    // The owner's address stops answering while its lease still holds (its liveness session lives on): after
    // waiting for that session to end (LIVENESS_TIMEOUT_MS and a second), 1013, and the client tries again.
    await db()("charter_leases").where({ charter_id: charterId }).update({ address: `http://127.0.0.1:${await freePort()}` });
    const unreachable = new WebSocket(await collabUrl(b, charterId, token));
    expect(await closeCode(unreachable)).to.equal(CLOSE_CODES.tryAgain);
    // A change made through B meanwhile cannot reach the owner either: 503, to try again.
    const renamed = await b.api("PATCH", `/api/charters/${charterId}`, { token: otherToken, body: { title: "Injoignable" } });
    expect(renamed.status).to.equal(503);
    expect(renamed.body.error.id).to.equal("charter_moving");
    await db()("charter_leases").where({ charter_id: charterId }).update({ address: a.url });
  });

  it("claims nothing for a connection whose ticket could not open the charter (4401 at once), and serves the next good one", async () => {
    const charterId = await freshCharter(a);
    const otherCharter = await freshCharter(a);
    const closeCode = (url: string) => new Promise<number>((resolve) => { const ws = new WebSocket(url); ws.on("error", () => {}); ws.on("close", (code) => resolve(code)); });
    const used = await collabTicket(b, charterId, token);
    const first = new WebSocket(`${b.wsUrl}/collab/${charterId}?ticket=${used}`);
    await new Promise<void>((resolve) => first.once("message", () => resolve()));
    first.terminate();
    await eventually(async () => (await lease(charterId))?.expires_at <= new Date(), 5000, "B lets the charter go once its client left");
    await db()("charter_leases").where({ charter_id: charterId }).delete();
    const refusals = [
      `${b.wsUrl}/collab/${charterId}`, // no ticket
      `${b.wsUrl}/collab/${charterId}?ticket=invente`, // unknown
      `${b.wsUrl}/collab/${charterId}?ticket=${used}`, // used
      `${b.wsUrl}/collab/${charterId}?ticket=${await collabTicket(b, otherCharter, token)}`, // for another charter
    ];
    for (const url of refusals) expect(await closeCode(url), url).to.equal(CLOSE_CODES.unauthorized);
    expect(await lease(charterId), "no lease claimed for them").to.equal(undefined);
    expect(b.hub.loadedCharters).to.not.include(charterId);
    // A good ticket is served as before.
    const editor = await connect(b, charterId);
    clauseText(editor.doc).insert(0, "après les refus ");
    await editor.stored();
    expect(await lease(charterId)).to.include({ instance_id: "instance-b" });
  });

  it("lets the charter go at once when ws refuses the handshake after the claim (a bad protocol version): no lease kept without a connection", async () => {
    const charterId = await freshCharter(a);
    const ticket = await collabTicket(b, charterId, token);
    const answer = await rawExchange(b.port, upgradeRequest(`/collab/${charterId}?ticket=${ticket}`).replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 12"));
    expect(statusLine(answer)).to.match(/^HTTP\/1.1 400 /);
    // The lease lives 120 s here: only a release frees it this soon.
    await eventually(async () => (await db().raw("SELECT expires_at <= now() AS free FROM charter_leases WHERE charter_id = ?", [charterId])).rows[0]?.free ?? true, 3000, "B lets the charter go");
    expect(b.hub.loadedCharters).to.not.include(charterId);
    // The next good connection is served as usual.
    const editor = await connect(b, charterId);
    clauseText(editor.doc).insert(0, "après la poignée de main refusée ");
    await editor.stored();
  });

  it("keeps a client whose owner's port refuses (crashed) waiting until its liveness session ends, then serves it: no 1013 to retry", async () => {
    const charterId = await freshCharter(a);
    expect(await a.hub.ownership.claim(charterId)).to.include({ kind: "owned" });
    // A crashed process: its port refuses at once, while PostgreSQL has not yet noticed that its liveness session is gone.
    await db()("charter_leases").where({ charter_id: charterId }).update({ address: `http://127.0.0.1:${await freePort()}` });
    const { liveness_pid } = await lease(charterId);
    const started = Date.now();
    const ws = new WebSocket(await collabUrl(b, charterId, token));
    const ended = setTimeout(() => db().raw("SELECT pg_terminate_backend(?)", [liveness_pid]).then(() => {}, () => {}), 500);
    try {
      // Served (the server's sync step 1 is its first message), not told to try again.
      await new Promise<void>((resolve, reject) => { ws.once("message", () => resolve()); ws.once("close", (code) => reject(new Error(`closed with ${code}`))); });
    } finally {
      clearTimeout(ended);
      ws.close();
    }
    expect(Date.now() - started).to.be.at.least(500);
    expect(await lease(charterId)).to.include({ instance_id: "instance-b" });
  });

  it("does not let a write transaction left open by a hung owner block the takeover", async () => {
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId);
    clauseText(editor.doc).insert(0, "suspendu ");
    await editor.stored();
    const epoch = a.hub.ownership.heldEpoch(charterId)!;
    // A's lease lapses; then a write of A fences it (renewing and locking its row) and A hangs before committing.
    await db().raw("UPDATE charter_leases SET expires_at = now() - interval '1 second' WHERE charter_id = ?", [charterId]);
    const trx = await a.services.db.transaction();
    expect([...(await a.hub.ownership.fence(trx, [{ charterId, epoch }]))]).to.deep.equal([`${charterId}@${epoch}`]);
    const [{ id: hungRow }] = await trx("charter_updates").insert({ charter_id: charterId, data: Buffer.from([0, 0]), user_id: null, created_at: new Date().toISOString(), epoch }).returning("id");
    const started = Date.now();
    const claim = await b.hub.ownership.claim(charterId);
    // PostgreSQL ended A's idle transaction after a second (its renewal and its row undone), so B took the lease.
    expect(Date.now() - started).to.be.within(800, 2000);
    expect(claim).to.deep.equal({ kind: "owned", epoch: epoch + 1 });
    await trx.commit().catch(() => {});
    expect(await db()("charter_updates").where({ id: hungRow }).first("id")).to.equal(undefined);
    expect(await lease(charterId)).to.include({ instance_id: "instance-b" });
  });

  it("compacts by deleting exactly the rows it merged, keeping one written meanwhile by another writer", async () => {
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId);
    clauseText(editor.doc).insert(0, "un ");
    await editor.stored();
    // A row the room never saw, committed while it is open (as a stale writer's would have been).
    const outsider = await loadStoredYDoc(db(), charterId);
    const before = Y.encodeStateVector(outsider);
    clauseText(outsider, 1).insert(0, "ailleurs ");
    const [{ id: foreignId }] = await db()("charter_updates").insert({ charter_id: charterId, data: Buffer.from(Y.encodeStateAsUpdate(outsider, before)), user_id: null, created_at: new Date().toISOString() }).returning("id");
    outsider.destroy();
    const rowsBefore = await db()("charter_updates").where({ charter_id: charterId }).pluck("id");
    // Four stored updates: A compacts (compactEvery 4), while more come in.
    for (const word of ["deux ", "trois ", "quatre ", "cinq ", "six "]) {
      clauseText(editor.doc).insert(0, word);
      await editor.stored();
    }
    await eventually(async () => !(await db()("charter_updates").whereIn("id", rowsBefore.filter((id) => Number(id) != Number(foreignId))).first("id")), 5000, "the compaction");
    expect(await db()("charter_updates").where({ id: foreignId }).first("id")).to.not.equal(undefined);
    const stored = await loadStoredYDoc(db(), charterId);
    expect(clauseText(stored).toString()).to.equal(clauseText(editor.doc).toString());
    expect(clauseText(stored, 1).toString()).to.match(/^ailleurs /);
    stored.destroy();
  });

  it("releases the lease when the last client leaves, so another instance takes the charter at once", async () => {
    const charterId = await freshCharter(a);
    const editor = await connect(a, charterId);
    clauseText(editor.doc).insert(0, "parti ");
    await editor.stored();
    editor.destroy();
    await eventually(() => !a.hub.loadedCharters.includes(charterId), 5000, "unload");
    await eventually(async () => (await db().raw("SELECT expires_at <= now() AS free FROM charter_leases WHERE charter_id = ?", [charterId])).rows[0].free, 5000, "release");
    expect(await b.hub.ownership.claim(charterId)).to.deep.equal({ kind: "owned", epoch: 2 });
    expect(await lease(charterId)).to.include({ instance_id: "instance-b", address: b.url });
    // B serves it now, with what A stored.
    const reader = await connect(b, charterId);
    expect(clauseText(reader.doc).toString()).to.match(/^parti /);
  });

  it("lets every charter go when its liveness connection is killed, and serves again once it reconnects", async () => {
    const charterId = await freshCharter(a);
    const proxy = await proxyTo(a, b);
    const editor = await connect(proxy.endpoint, charterId);
    clauseText(editor.doc).insert(0, "vivant ");
    await editor.stored();
    const { liveness_pid } = await lease(charterId);
    await db().raw("SELECT pg_terminate_backend(?)", [liveness_pid]);
    expect(await editor.closed).to.equal(CLOSE_CODES.tryAgain);
    // It comes back (to A, still first behind the proxy), which claims the charter again under a new liveness session.
    await eventually(() => editor.provider.wsconnected && editor.provider.synced, 10000, "reconnection");
    clauseText(editor.doc).insert(0, "encore ");
    await editor.stored();
    const now = await lease(charterId);
    expect(now.instance_id).to.equal("instance-a");
    expect(now.liveness_pid).to.not.equal(liveness_pid);
    expect(await storedText(charterId)).to.match(/^encore vivant /);
  });

  it("lets peers hand back a dead owner's lost edits for the whole recovery window, even once the new owner has unloaded the charter and another loads it", async () => {
    const charterId = await freshCharter(a);
    const pilot = await connect(a, charterId, otherToken);
    clauseText(pilot.doc).insert(0, "stocke ");
    await pilot.stored();
    // An edit under the pilot's client id that A broadcast but never stored: peers have it, the database does not.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(pilot.doc));
    copy.clientID = pilot.doc.clientID;
    clauseText(copy).insert(0, "perdu ");
    const lost = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(pilot.doc));
    copy.destroy();
    // A dies with the charter open (its liveness session ends: it drops the room unsaved), and B takes it over.
    await db().raw("SELECT pg_terminate_backend(?)", [(await lease(charterId)).liveness_pid]);
    expect(await pilot.closed).to.equal(CLOSE_CODES.tryAgain);
    pilot.destroy();
    const first = await connect(b, charterId);
    expect(await lease(charterId)).to.include({ instance_id: "instance-b" });
    // Its only client leaves before any peer handed the lost edit back: B compacts, unloads and lets the charter go…
    first.destroy();
    const letGo = async () => !b.hub.loadedCharters.includes(charterId) && (await db().raw("SELECT expires_at <= now() AS free FROM charter_leases WHERE charter_id = ?", [charterId])).rows[0].free;
    await eventually(letGo, 5000, "unloaded and let go by B");
    // …and a peer that comes back, even to A (restarted, first again behind a balancer), still hands it back,
    // credited to the pilot, not refused as another user's (4409).
    const peer = await connect(a, charterId);
    expect(await lease(charterId)).to.include({ instance_id: "instance-a" });
    Y.applyUpdate(peer.doc, lost);
    await Promise.race([peer.stored(), peer.closed.then((code) => Promise.reject(new Error(`closed with ${code}`)))]);
    expect(await storedText(charterId)).to.match(/^perdu stocke /);
  });

  it("releases every lease on close, for a rolling restart", async () => {
    const c = await startTestServer({ shareDatabaseWith: a, cluster: { instanceId: "instance-c" } });
    const charterId = await freshCharter(a);
    const editor = await connectClient(c, charterId, token);
    clauseText(editor.doc).insert(0, "ferme ");
    await editor.stored();
    expect(await lease(charterId)).to.include({ instance_id: "instance-c" });
    await c.close();
    editor.destroy();
    expect(await b.hub.ownership.claim(charterId)).to.deep.include({ kind: "owned" });
    expect(await storedText(charterId)).to.match(/^ferme /);
  });
});

describe("charter ownership on sqlite", function () {
  this.timeout(30000);
  let server: TestServer;
  before(async () => { server = await startTestServer({ database: sqliteOnly }); });
  after(() => server.close());

  it("keeps to one process: no lease is written, and rows carry no epoch", async () => {
    const charterId = await freshCharter(server);
    const editor = await connectClient(server, charterId, await server.login("redacteur@example.org"));
    clauseText(editor.doc).insert(0, "seul ");
    await editor.stored();
    expect(server.hub.ownership.fences).to.equal(false);
    expect(Number((await server.services.db("charter_leases").count({ n: "*" }).first())!.n)).to.equal(0);
    expect(Number((await server.services.db("charter_updates").where({ charter_id: charterId }).whereNotNull("epoch").count({ n: "*" }).first())!.n)).to.equal(0);
    editor.destroy();
  });
});
