import { expect } from "chai";
import * as Y from "yjs";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { clauseText, connectClient, eventually, fragmentOf, type TestClient } from "../helpers/collab.js";
import { CLOSE_CODES } from "../../server/shared/collab.js";
import { loadStoredYDoc, ydocToCharter } from "../../server/domain/documents.js";
import { appendDocumentUpdate } from "../../server/store/documents.js";
import { isTextOnlyUpdate } from "../../server/collab/updateValidator.js";
import { awarenessMessage, RawCollabSocket, storedRequest, syncMessage } from "../helpers/rawCollab.js";

// Issue 8, points 3 to 7 and 10: updates that must be refused, each sent by a
// real client over a real socket while another editor keeps working.

/** Sends a y-websocket sync update as it is, bypassing the client's doc. */
function sendUpdate(client: TestClient, update: Uint8Array): void {
  client.provider.ws!.send(syncMessage(2, update) as Uint8Array<ArrayBuffer>);
}

/** The update a change makes on a private copy of `doc` (never sent by the client). */
function sideUpdate(doc: Y.Doc, change: (copy: Y.Doc) => void): { copy: Y.Doc; update: Uint8Array } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return { copy, update: Y.encodeStateAsUpdate(copy, before) };
}

const clauseElements = (doc: Y.Doc) => {
  const out: Y.XmlElement[] = [];
  for (const section of fragmentOf(doc).toArray())
    if (section instanceof Y.XmlElement && section.nodeName == "section")
      for (const child of section.toArray()) if (child instanceof Y.XmlElement && child.nodeName == "clause") out.push(child);
  return out;
};
const firstCommitment = (doc: Y.Doc) => {
  for (const clause of clauseElements(doc))
    for (const child of clause.toArray()) if (child instanceof Y.XmlElement && child.nodeName == "commitment") return child;
  throw new Error("no commitment");
};
const titleText = (doc: Y.Doc) => (fragmentOf(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;

for (const kind of databaseKinds()) describe(`collaboration server on ${kind.name}: refused updates`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let editorToken: string, pilotToken: string;
  const clients: TestClient[] = [];
  const connect = async (token: string) => {
    const client = await connectClient(server, charterId, token);
    clients.push(client);
    return client;
  };
  const db = () => server.services.db;
  const storedDoc = () => loadStoredYDoc(db(), charterId);
  const storedClauseText = async () => clauseText(await storedDoc()).toString();

  /** Another editor types and is told it is stored at its usual pace, and the API answers: the attack disturbed no one else. */
  const othersKeepWorking = async (good: TestClient, marker: string) => {
    const started = Date.now();
    clauseText(good.doc).insert(0, marker);
    await good.stored();
    expect((await server.api("GET", "/api/health")).status).to.equal(200);
    expect(Date.now() - started).to.be.lessThan(1500);
    expect(await storedClauseText()).to.contain(marker);
    ydocToCharter(await storedDoc()); // still a valid charter
  };
  const unloaded = () => eventually(() => !server.hub.loadedCharters.includes(charterId), 5000, "charter unloaded");

  beforeEach(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    [editorToken, pilotToken] = await Promise.all(["redacteur@example.org", "pilote@example.org"].map((e) => server.login(e)));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
  });

  it("refuses (4400) an update whose dependency is withheld, and a deletion of unknown content; stores and applies neither", async () => {
    const good = await connect(pilotToken);
    const attacker = await connect(editorToken);
    // Structs that follow structs the server never gets.
    const { copy } = sideUpdate(attacker.doc, (d) => clauseText(d, 1).insert(0, "retenu "));
    const before = Y.encodeStateVector(copy);
    clauseText(copy, 1).insert(0, "x");
    const pending = Y.encodeStateAsUpdate(copy, before);
    expect(pending.byteLength).to.be.lessThan(60);
    sendUpdate(attacker, pending);
    expect(await attacker.closed).to.equal(CLOSE_CODES.badMessage);
    // Deleting what the server does not have.
    const attacker2 = await connect(editorToken);
    const other = sideUpdate(attacker2.doc, (d) => clauseText(d, 1).insert(0, "abc"));
    const deletion = sideUpdate(other.copy, (d) => clauseText(d, 1).delete(0, 2)).update;
    sendUpdate(attacker2, deletion);
    expect(await attacker2.closed).to.equal(CLOSE_CODES.badMessage);

    const live = server.hub.liveDoc(charterId)!;
    expect(live.store.pendingStructs).to.equal(null);
    expect(live.store.pendingDs).to.equal(null);
    await othersKeepWorking(good, "Après l'attaque ");
    const rows: { data: Uint8Array }[] = await db()("charter_updates").where({ charter_id: charterId }).select("data");
    for (const row of rows) expect(Buffer.from(row.data).equals(Buffer.from(pending)) || Buffer.from(row.data).equals(Buffer.from(deletion))).to.equal(false);
    const stored = await storedDoc();
    expect(stored.store.pendingStructs).to.equal(null);
    expect(stored.store.pendingDs).to.equal(null);
  });

  it("drops pending leftovers stored before the fix when the charter loads, compacts them away, and keeps typing on the fast path", async () => {
    const base = await storedDoc();
    const { copy } = sideUpdate(base, (d) => clauseText(d, 1).insert(0, "retenu "));
    const before = Y.encodeStateVector(copy);
    clauseText(copy, 1).insert(0, "x");
    await appendDocumentUpdate(db(), charterId, Y.encodeStateAsUpdate(copy, before), null);
    expect((await storedDoc()).store.pendingStructs).to.not.equal(null);

    const good = await connect(pilotToken);
    const live = server.hub.liveDoc(charterId)!;
    expect(live.store.pendingStructs).to.equal(null);
    const keystroke = sideUpdate(live, (d) => clauseText(d, 2).insert(0, "a")).update;
    expect(isTextOnlyUpdate(live, Y.decodeUpdate(keystroke))).to.equal(true);
    await othersKeepWorking(good, "Chargée ");
    await eventually(async () => (await storedDoc()).store.pendingStructs == null, 5000, "compaction");
    expect((await storedDoc()).store.pendingDs).to.equal(null);
  });

  it("binds a Yjs client id to its first user and refuses (4409) another user's update under it", async () => {
    const pilot = await connect(pilotToken);
    clauseText(pilot.doc).insert(0, "Pilote ");
    await pilot.stored();
    const forger = await connect(editorToken);
    forger.doc.clientID = pilot.doc.clientID;
    clauseText(forger.doc).insert(0, "Faux ");
    expect(await forger.closed).to.equal(CLOSE_CODES.foreignClient);
    forger.doc.clientID = forger.provider.awareness.clientID; // for y-websocket's own clean-up
    await othersKeepWorking(pilot, "Toujours le pilote ");
    expect(await storedClauseText()).to.not.contain("Faux");
    const pilotUser = await db()("users").where({ email: "pilote@example.org" }).first();
    const owner = await db()("charter_clients").where({ charter_id: charterId, client_id: pilot.doc.clientID }).first();
    expect(owner.user_id).to.equal(pilotUser.id);
  });

  it("accepts another user's edits that a peer hands back only while the charter recovers from a server that died", async () => {
    // The recovery window outlives an unload (it is kept with the lease): short here, so that the test sees it close.
    const windowMs = 1500;
    server.services.config.collab.recoveryRelayMs = windowMs;
    const pilot = await connect(pilotToken);
    clauseText(pilot.doc).insert(0, "Gardé ");
    await pilot.stored();
    const kept = Y.encodeStateAsUpdate(server.hub.liveDoc(charterId)!);
    clauseText(pilot.doc).insert(0, "Perdu ");
    await pilot.stored();
    const peerState = Y.encodeStateAsUpdate(pilot.doc);
    const pilotClient = pilot.doc.clientID;
    pilot.destroy();
    await unloaded();
    /** Rewrites the log as a server would leave it: without the lost edit, as one row (it stopped cleanly) or more (it died). */
    const lose = async (rows: number) => {
      await db()("charter_updates").where({ charter_id: charterId }).delete();
      await appendDocumentUpdate(db(), charterId, kept, null);
      for (let i = 1; i < rows; i++) await appendDocumentUpdate(db(), charterId, new Uint8Array([0, 0]), null);
    };

    await lose(2);
    const peer = await connect(editorToken);
    Y.applyUpdate(peer.doc, peerState); // its copy had the pilot's last edit: y-websocket sends it on
    await peer.stored();
    expect(await storedClauseText()).to.contain("Perdu Gardé");
    const owner = await db()("charter_clients").where({ charter_id: charterId, client_id: pilotClient }).first();
    expect(owner.user_id).to.equal((await db()("users").where({ email: "pilote@example.org" }).first()).id);
    peer.destroy();
    await unloaded();

    // Once the window has closed, a log a server left cleanly (one row) opens none.
    await new Promise((resolve) => setTimeout(resolve, windowMs + 200));
    await lose(1);
    const late = await connect(editorToken);
    Y.applyUpdate(late.doc, peerState);
    expect(await late.closed).to.equal(CLOSE_CODES.foreignClient);
    expect(await storedClauseText()).to.not.contain("Perdu");
  });

  it("lets the author of content a peer handed back (credited to the peer as a guess) announce its client id and write again", async () => {
    const pilot = await connect(pilotToken);
    const kept = Y.encodeStateAsUpdate(server.hub.liveDoc(charterId)!);
    clauseText(pilot.doc).insert(0, "Relayé ");
    await pilot.stored();
    const pilotState = Y.encodeStateAsUpdate(pilot.doc);
    const pilotClient = pilot.doc.clientID;
    pilot.destroy();
    await unloaded();
    // The server died before storing the edit, or whose it was.
    await db()("charter_updates").where({ charter_id: charterId }).delete();
    await appendDocumentUpdate(db(), charterId, kept, null);
    await appendDocumentUpdate(db(), charterId, new Uint8Array([0, 0]), null);
    await db()("charter_clients").where({ charter_id: charterId, client_id: pilotClient }).delete();

    const peer = await connect(editorToken);
    Y.applyUpdate(peer.doc, pilotState);
    await peer.stored();
    expect(await storedClauseText()).to.contain("Relayé");

    // The pilot comes back with the same client id: its presence, then an edit under it.
    const back = await RawCollabSocket.open(server, charterId, pilotToken);
    back.send(awarenessMessage([[pilotClient, 1, { cursor: null }]]));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server.hub.liveDoc(charterId)!));
    // Set after: Yjs gives a doc a new client id when a remote update brings its own.
    doc.clientID = pilotClient;
    const before = Y.encodeStateVector(doc);
    clauseText(doc).insert(0, "De retour ");
    back.send(syncMessage(2, Y.encodeStateAsUpdate(doc, before)));
    back.send(storedRequest(1));
    await eventually(() => back.received.some((m) => m[0] == 100 && m[1] == 1), 3000, "stored answer");
    expect(await storedClauseText()).to.contain("De retour Relayé");
    const owner = await db()("charter_clients").where({ charter_id: charterId, client_id: pilotClient }).first();
    expect(owner.user_id).to.equal((await db()("users").where({ email: "pilote@example.org" }).first()).id);
    expect(!!owner.sure).to.equal(true);
    back.close();
    peer.destroy();
  });

  it("refuses (4422) updates that create root types other than the charter", async () => {
    const good = await connect(pilotToken);
    const a = await connect(editorToken);
    a.doc.getMap("x").set("caché", "données");
    expect(await a.closed).to.equal(CLOSE_CODES.invalidDocument);
    const b = await connect(editorToken);
    b.doc.getText("y").insert(0, "caché");
    expect(await b.closed).to.equal(CLOSE_CODES.invalidDocument);
    await othersKeepWorking(good, "Sans racine cachée ");
    const stored = await storedDoc();
    expect([...stored.share.keys()]).to.deep.equal(["prosemirror"]);
    expect(good.doc.share.has("x") || good.doc.share.has("y")).to.equal(false);
  });

  it("refuses (4422, no stack trace) smuggled attribute names, bad raw values, and attributes on a node without any", async () => {
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const good = await connect(pilotToken);
      const attacks: ((doc: Y.Doc) => void)[] = [
        (doc) => firstCommitment(doc).setAttribute("__proto__", { party: "caf" } as never),
        (doc) => firstCommitment(doc).setAttribute("toString", "caf"),
        (doc) => firstCommitment(doc).setAttribute("party", { caf: true } as never),
        (doc) => (fragmentOf(doc).get(0) as Y.XmlElement).setAttribute("x", "y"),
        (doc) => clauseText(doc).format(0, 3, JSON.parse('{"__proto__": {"href": "javascript:alert(1)"}}')),
      ];
      for (const attack of attacks) {
        const bad = await connect(editorToken);
        attack(bad.doc);
        expect(await bad.closed).to.equal(CLOSE_CODES.invalidDocument);
      }
      await othersKeepWorking(good, "Attributs sains ");
      expect(errors).to.deep.equal([]);
      expect(firstCommitment(await storedDoc()).getAttribute("party")).to.not.equal("caf");
    } finally {
      console.error = original;
    }
  });

  it("refuses (4422) clauses without an id or with another's id, and keeps accepting new clauses with fresh ids", async () => {
    const good = await connect(pilotToken);
    const newClause = (doc: Y.Doc, id: string | null) => {
      const clause = new Y.XmlElement("clause");
      if (id) clause.setAttribute("id", id);
      const heading = new Y.XmlElement("clause_heading");
      heading.insert(0, [new Y.XmlText("Article ajouté")]);
      clause.insert(0, [heading]);
      const section = clauseElements(doc)[0].parent as Y.XmlElement;
      section.insert(section.length, [clause]);
    };
    const a = await connect(editorToken);
    newClause(a.doc, null);
    expect(await a.closed).to.equal(CLOSE_CODES.invalidDocument);
    const b = await connect(editorToken);
    newClause(b.doc, clauseElements(b.doc)[0].getAttribute("id")!);
    expect(await b.closed).to.equal(CLOSE_CODES.invalidDocument);
    const c = await connect(editorToken);
    clauseElements(c.doc)[1].setAttribute("id", clauseElements(c.doc)[0].getAttribute("id")!);
    expect(await c.closed).to.equal(CLOSE_CODES.invalidDocument);
    const d = await connect(editorToken);
    newClause(d.doc, "cl-tout-neuf");
    await d.stored();
    await othersKeepWorking(good, "Identifiants uniques ");
    const ids = clauseElements(await storedDoc()).map((el) => el.getAttribute("id"));
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids).to.include("cl-tout-neuf");
  });

  it("refuses (4422) NUL, controls, bidi overrides and isolates in text and in the title, and the charter still compacts", async () => {
    const good = await connect(pilotToken);
    for (const [place, char] of [["title", "\u0000"], ["clause", "\u0000"], ["clause", "\u0007"], ["title", "\u202E"], ["clause", "\u2066"]] as const) {
      const bad = await connect(editorToken);
      (place == "title" ? titleText(bad.doc) : clauseText(bad.doc)).insert(1, `a${char}b`);
      expect(await bad.closed, `${place} ${JSON.stringify(char)}`).to.equal(CLOSE_CODES.invalidDocument);
    }
    const indicator = await connect(editorToken);
    firstCommitment(indicator.doc).setAttribute("indicator", "taux\u0000");
    expect(await indicator.closed).to.equal(CLOSE_CODES.invalidDocument);
    titleText(good.doc).insert(0, "Nouveau titre : ");
    await othersKeepWorking(good, "Caractères visibles ");
    for (const c of clients.splice(0)) c.destroy();
    await unloaded();
    const rows = await db()("charter_updates").where({ charter_id: charterId }).count({ n: "*" });
    expect(Number(rows[0].n)).to.equal(1);
    expect((await db()("charters").where({ id: charterId }).first()).title).to.match(/^Nouveau titre : /);
  });

  it("still compacts and names the charter when a NUL reached its title before it was refused", async () => {
    const stored = await storedDoc();
    await appendDocumentUpdate(db(), charterId, sideUpdate(stored, (d) => titleText(d).insert(0, "Ancien\u0000")).update, null);
    const good = await connect(pilotToken);
    titleText(good.doc).insert(0, "Titre ");
    await othersKeepWorking(good, "Malgré l'ancien NUL ");
    for (const c of clients.splice(0)) c.destroy();
    await unloaded();
    const rows = await db()("charter_updates").where({ charter_id: charterId }).count({ n: "*" });
    expect(Number(rows[0].n)).to.equal(1);
    expect((await db()("charters").where({ id: charterId }).first()).title).to.match(/^Titre Ancien[^\u0000]/);
  });
});
