import { expect } from "chai";
import * as Y from "yjs";
import { WebSocket } from "ws";
import jwt from "jsonwebtoken";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { addUser, demoCharterId } from "../helpers/fixtures.js";
import { clauseText, collabTicket, collabUrl, connectClient, eventually, fragmentOf, type TestClient } from "../helpers/collab.js";
import { syncMessage } from "../helpers/rawCollab.js";
import { CLOSE_CODES, MAX_MESSAGE_BYTES, MESSAGE_ACCESS, MESSAGE_STORED } from "../../server/shared/collab.js";
import { loadStoredYDoc, ydocToCharter } from "../../server/domain/documents.js";

for (const kind of databaseKinds()) describe(`collaboration server on ${kind.name}`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let editorToken: string, pilotToken: string, readerToken: string;
  const clients: TestClient[] = [];
  const connect = async (token: string | null, options?: { waitForSync?: boolean }) => {
    const client = await connectClient(server, charterId, token, options);
    clients.push(client);
    return client;
  };
  /** The stored draft's text, checked against the schema on the way. */
  const storedText = async () => {
    const ydoc = await loadStoredYDoc(server.services.db, charterId);
    const text = ydocToCharter(ydoc).textContent;
    ydoc.destroy();
    return text;
  };
  const storedClauseText = async () => {
    const ydoc = await loadStoredYDoc(server.services.db, charterId);
    const text = clauseText(ydoc).toString();
    ydoc.destroy();
    return text;
  };
  const restText = async () => JSON.stringify((await server.api("GET", `/api/charters/${charterId}/document`, { token: pilotToken })).body.document);

  beforeEach(async () => {
    server = await startTestServer({ database: kind, hub: { recheckIntervalMs: 500 } });
    charterId = await demoCharterId(server);
    [editorToken, pilotToken, readerToken] = await Promise.all(["redacteur@example.org", "pilote@example.org", "lecteur@example.org"].map((e) => server.login(e)));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
  });

  it("syncs the stored draft and makes two editors converge", async () => {
    const a = await connect(editorToken);
    const b = await connect(pilotToken);
    expect(fragmentOf(a.doc).length).to.be.greaterThan(2);
    clauseText(a.doc).insert(0, "Alice ");
    clauseText(b.doc).insert(0, "Bob ");
    await eventually(() => clauseText(a.doc).toString() == clauseText(b.doc).toString() && clauseText(a.doc).toString().includes("Alice") && clauseText(a.doc).toString().includes("Bob"), 5000, "convergence");
    expect(Y.encodeStateVector(a.doc)).to.deep.equal(Y.encodeStateVector(b.doc));
  });

  it("serves the live draft on GET /document, edits of a moment ago included", async () => {
    const a = await connect(editorToken);
    clauseText(a.doc).insert(0, "Tout juste tapé ");
    await a.stored();
    expect(await restText()).to.contain("Tout juste tapé");
  });

  it("says an edit is stored only once it is in the database", async () => {
    const a = await connect(editorToken);
    clauseText(a.doc).insert(0, "Persistant ");
    await a.stored();
    expect(await storedText()).to.contain("Persistant");
  });

  it("keeps a keystroke sent right after reconnecting until the sync step 2 it builds on, then stores both", async () => {
    // A device that was offline: its copy of the draft, an edit made offline, then a keystroke after it.
    const copy = await connect(editorToken);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(copy.doc));
    copy.destroy();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    clauseText(doc).insert(0, "Hors ligne ");
    clauseText(doc).insert(11, "puis en ligne ");
    const [offline, keystroke] = updates;
    const raw = new WebSocket(await collabUrl(server, charterId, editorToken));
    const replies: Buffer[] = [];
    raw.on("message", (data: Buffer) => replies.push(data));
    const closed = new Promise<number>((r) => raw.once("close", (code) => r(code)));
    await new Promise((r) => raw.once("open", r));
    // As y-websocket does: the keystroke goes out at once, the step 2 with the offline edit in answer to the server's step 1.
    raw.send(syncMessage(2, keystroke));
    raw.send(syncMessage(1, offline));
    raw.send(new Uint8Array([MESSAGE_STORED, 7]));
    await eventually(() => replies.some((m) => m[0] == MESSAGE_STORED && m[1] == 7), 3000, "stored answer");
    expect(await storedClauseText()).to.match(/^Hors ligne puis en ligne /);
    expect(raw.readyState).to.equal(WebSocket.OPEN);

    // Without the edit it builds on, the keystroke is refused once the step 2 is in (and never stored).
    const orphanDoc = new Y.Doc();
    Y.applyUpdate(orphanDoc, Y.encodeStateAsUpdate(doc));
    const more: Uint8Array[] = [];
    orphanDoc.on("update", (u: Uint8Array) => more.push(u));
    clauseText(orphanDoc).insert(0, "Perdu ");
    clauseText(orphanDoc).insert(6, "aussi ");
    const raw2 = new WebSocket(await collabUrl(server, charterId, editorToken));
    const closed2 = new Promise<number>((r) => raw2.once("close", (code) => r(code)));
    await new Promise((r) => raw2.once("open", r));
    raw2.send(syncMessage(2, more[1]));
    raw2.send(syncMessage(1, new Uint8Array([0, 0])));
    expect(await closed2).to.equal(CLOSE_CODES.badMessage);
    expect(await storedClauseText()).to.not.contain("aussi");
    raw.close();
    await closed;
  });

  it("drops a reader's updates: they reach neither others nor the database", async () => {
    const editor = await connect(editorToken);
    const reader = await connect(readerToken);
    await eventually(() => reader.canEdit === false, 2000, "access message");
    clauseText(reader.doc).insert(0, "Lecteur ");
    await reader.stored();
    clauseText(editor.doc).insert(0, "Rédacteur ");
    await editor.stored();
    await eventually(() => clauseText(reader.doc).toString().includes("Rédacteur"), 3000, "reader receives edits");
    expect(clauseText(editor.doc).toString()).not.to.contain("Lecteur");
    expect(await storedText()).not.to.contain("Lecteur");
    expect(await restText()).not.to.contain("Lecteur");
  });

  it("shows readers as readers and names everyone from the server, not from the client", async () => {
    const editor = await connect(editorToken);
    const reader = await connect(readerToken);
    reader.provider.awareness.setLocalStateField("user", { name: "Quelqu'un d'autre", mode: "editing", color: "#123456" });
    await eventually(() => [...editor.provider.awareness.getStates().values()].some((s) => s.user?.role == "reader"), 3000, "presence");
    const state = [...editor.provider.awareness.getStates().values()].find((s) => s.user?.role == "reader")!;
    expect(state.user).to.include({ name: "Mohamed Benali", mode: "reading", color: "#123456" });
  });

  it("refuses a missing, invalid or expired token with 4401", async () => {
    expect(await (await connect(null, { waitForSync: false })).closed).to.equal(CLOSE_CODES.unauthorized);
    expect(await (await connect("garbage", { waitForSync: false })).closed).to.equal(CLOSE_CODES.unauthorized);
    const claims = jwt.decode(editorToken) as jwt.JwtPayload;
    const expired = jwt.sign({ sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 5 }, server.services.config.jwtSecret, { subject: claims.sub, issuer: "charte" });
    expect(await (await connect(expired, { waitForSync: false })).closed).to.equal(CLOSE_CODES.unauthorized);
  });

  it("opens only with a fresh single-use ticket for that charter, never with the access token in the URL", async () => {
    const closeCode = (url: string) => new Promise<number>((resolve) => {
      const raw = new WebSocket(url);
      raw.on("open", () => raw.send(new Uint8Array([MESSAGE_STORED, 1])));
      raw.on("close", (code) => resolve(code));
      raw.on("error", () => {});
    });
    const base = `${server.wsUrl}/collab/${charterId}`;
    expect(await closeCode(base)).to.equal(CLOSE_CODES.unauthorized);
    expect(await closeCode(`${base}?token=${editorToken}`)).to.equal(CLOSE_CODES.unauthorized);
    expect(await closeCode(`${base}?ticket=garbage`)).to.equal(CLOSE_CODES.unauthorized);
    // Used once, then never again.
    const ticket = await collabTicket(server, charterId, editorToken);
    const first = new WebSocket(`${base}?ticket=${ticket}`);
    const access = await new Promise<number>((resolve) => first.on("message", (data: Buffer) => { if (data[0] == MESSAGE_ACCESS) resolve(data[1]); }));
    expect(access).to.equal(1);
    expect(await closeCode(`${base}?ticket=${ticket}`)).to.equal(CLOSE_CODES.unauthorized);
    first.close();
    // Expired.
    const late = await collabTicket(server, charterId, editorToken);
    await server.services.db("collab_tickets").update({ expires_at: new Date(Date.now() - 1000).toISOString() }).whereNull("used_at");
    expect(await closeCode(`${base}?ticket=${late}`)).to.equal(CLOSE_CODES.unauthorized);
    // For another charter.
    const other = (await server.api("POST", "/api/charters", { token: pilotToken, body: { title: "Autre charte", template: "charte-departementale", departmentCode: "49", signatoryIds: [] } })).body.charter.id;
    expect(await closeCode(`${server.wsUrl}/collab/${other}?ticket=${await collabTicket(server, charterId, pilotToken)}`)).to.equal(CLOSE_CODES.unauthorized);
    // A ticket of a session that has logged out since.
    const token = await server.login("redacteur@example.org");
    const orphan = await collabTicket(server, charterId, token);
    await server.api("POST", "/api/auth/logout", { token });
    expect(await closeCode(`${base}?ticket=${orphan}`)).to.equal(CLOSE_CODES.unauthorized);
    // Only its hash is stored.
    const rows = await server.services.db("collab_tickets").select("token_hash");
    expect(rows.map((r) => r.token_hash)).to.not.include(ticket);
  });

  it("refuses a non-member with 4403 and an unknown charter with 4404", async () => {
    const outsider = await server.login((await addUser(server)).email);
    expect(await (await connect(outsider, { waitForSync: false })).closed).to.equal(CLOSE_CODES.forbidden);
    const stranger = await connectClient(server, "00000000-0000-0000-0000-000000000000", editorToken, { waitForSync: false });
    clients.push(stranger);
    expect(await stranger.closed).to.equal(CLOSE_CODES.notFound);
  });

  it("disconnects a removed member within seconds", async () => {
    const member = await addUser(server, { charterId, role: "editor" });
    const client = await connect(await server.login(member.email));
    const started = Date.now();
    expect((await server.api("DELETE", `/api/charters/${charterId}/members/${member.id}`, { token: pilotToken })).status).to.equal(204);
    expect(await client.closed).to.equal(CLOSE_CODES.forbidden);
    expect(Date.now() - started).to.be.below(3000);
  });

  it("disconnects a member removed behind the server's back, at the next periodic check", async () => {
    const member = await addUser(server, { charterId, role: "editor" });
    const client = await connect(await server.login(member.email));
    await server.services.db("memberships").where({ user_id: member.id }).delete();
    expect(await client.closed).to.equal(CLOSE_CODES.forbidden);
  });

  it("makes a demoted editor read-only at once", async () => {
    const member = await addUser(server, { charterId, role: "editor" });
    const client = await connect(await server.login(member.email));
    const other = await connect(pilotToken);
    await eventually(() => client.canEdit === true, 2000, "edit access");
    await server.api("PATCH", `/api/charters/${charterId}/members/${member.id}`, { token: pilotToken, body: { role: "reader" } });
    await eventually(() => client.canEdit === false, 3000, "read-only access");
    clauseText(client.doc).insert(0, "Après rétrogradation ");
    await client.stored();
    clauseText(other.doc).insert(0, "Repère ");
    await other.stored();
    await eventually(() => clauseText(client.doc).toString().includes("Repère"), 3000, "sync");
    expect(clauseText(other.doc).toString()).not.to.contain("rétrogradation");
    expect(await storedText()).not.to.contain("rétrogradation");
  });

  it("closes the connections of a session that logs out", async () => {
    const token = await server.login("redacteur@example.org");
    const client = await connect(token);
    await server.api("POST", "/api/auth/logout", { token });
    expect(await client.closed).to.equal(CLOSE_CODES.unauthorized);
  });

  it("closes only the connection that sends a malformed message", async () => {
    const good = await connect(editorToken);
    const raw = new WebSocket(await collabUrl(server, charterId, editorToken));
    await new Promise((r) => raw.once("open", r));
    const closed = new Promise<number>((r) => raw.once("close", (code) => r(code)));
    raw.send(new Uint8Array([0, 2, 200, 1, 2, 3]));
    expect(await closed).to.equal(CLOSE_CODES.badMessage);
    const raw2 = new WebSocket(await collabUrl(server, charterId, editorToken));
    await new Promise((r) => raw2.once("open", r));
    const closed2 = new Promise<number>((r) => raw2.once("close", (code) => r(code)));
    raw2.send(new Uint8Array([77]));
    expect(await closed2).to.equal(CLOSE_CODES.badMessage);
    clauseText(good.doc).insert(0, "Toujours là ");
    await good.stored();
    expect(await storedText()).to.contain("Toujours là");
  });

  it("refuses an update that breaks the charter schema, and closes only that connection", async () => {
    const good = await connect(pilotToken);
    const bad = await connect(editorToken);
    const before = await storedClauseText();
    // A clause directly in the document, outside any section: not a charter.
    bad.doc.transact(() => fragmentOf(bad.doc).insert(2, [new Y.XmlElement("clause")]));
    expect(await bad.closed).to.equal(CLOSE_CODES.invalidDocument);
    // Deleting the title: not a charter either.
    const bad2 = await connect(editorToken);
    fragmentOf(bad2.doc).delete(0, 1);
    expect(await bad2.closed).to.equal(CLOSE_CODES.invalidDocument);
    clauseText(good.doc).insert(0, "Valide ");
    await good.stored();
    expect(fragmentOf(good.doc).toArray().map((n) => (n as Y.XmlElement).nodeName).slice(0, 3)).to.deep.equal(["title", "preamble", "section"]);
    expect(await storedClauseText()).to.equal("Valide " + before);
    expect(await storedText()).to.be.a("string");
  });

  it("refuses bold text in a heading (marks the schema forbids there)", async () => {
    const bad = await connect(editorToken);
    const heading = (fragmentOf(bad.doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    heading.format(0, 5, { strong: {} });
    expect(await bad.closed).to.equal(CLOSE_CODES.invalidDocument);
  });

  it("refuses a message over the size limit with 4413", async () => {
    const raw = new WebSocket(await collabUrl(server, charterId, editorToken));
    await new Promise((r) => raw.once("open", r));
    const closed = new Promise<number>((r) => raw.once("close", (code) => r(code)));
    raw.send(new Uint8Array(MAX_MESSAGE_BYTES + 10));
    expect(await closed).to.equal(CLOSE_CODES.tooLarge);
  });

  it("takes the charter's title from its document once edited", async () => {
    const a = await connect(editorToken);
    const title = (fragmentOf(a.doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    title.delete(0, title.length);
    title.insert(0, "Charte départementale 2027-2032");
    await a.stored();
    a.destroy();
    await eventually(async () => (await server.api("GET", `/api/charters/${charterId}`, { token: pilotToken })).body.charter.title == "Charte départementale 2027-2032", 3000, "title");
  });

  it("compacts the log and unloads the charter when the last client leaves", async () => {
    const a = await connect(editorToken);
    for (let i = 0; i < 20; i++) clauseText(a.doc).insert(0, `${i} `);
    await a.stored();
    expect(Number((await server.services.db("charter_updates").where({ charter_id: charterId }).count({ n: "*" }).first())!.n)).to.be.greaterThan(1);
    expect(server.hub.loadedCharters).to.deep.equal([charterId]);
    a.destroy();
    await eventually(() => server.hub.loadedCharters.length == 0, 3000, "unload");
    await eventually(async () => Number((await server.services.db("charter_updates").where({ charter_id: charterId }).count({ n: "*" }).first())!.n) == 1, 3000, "compaction");
    expect(await storedClauseText()).to.match(/^19 18 17/);
  });
});
