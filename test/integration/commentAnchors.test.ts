import { expect } from "chai";
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition } from "y-prosemirror";
import type { Node as PMNode } from "prosemirror-model";
import { charterSchema } from "../../server/shared/schema.js";
import { encodeAnchorPosition, decodeAnchorPosition, MAX_QUOTE_LENGTH } from "../../server/shared/commentAnchor.js";
import { migrate, openDatabase } from "../../server/store/db.js";
import { migrationSource } from "../../db/migrations/index.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { connectClient, eventually, fragmentOf, type TestClient } from "../helpers/collab.js";

/** Relative positions for the first occurrence of `words` in a client's copy, made as the browser makes them. */
function anchorFor(client: TestClient, words: string): { from: string; to: string } {
  const fragment = fragmentOf(client.doc);
  const { doc, mapping } = initProseMirrorDoc(fragment, charterSchema);
  const from = positionOf(doc, words);
  const to = from + words.length;
  return {
    from: encodeAnchorPosition(absolutePositionToRelativePosition(from, fragment, mapping)),
    to: encodeAnchorPosition(absolutePositionToRelativePosition(to, fragment, mapping)),
  };
}

/** The text an anchor covers now, in a client's copy. */
function anchoredText(client: TestClient, anchor: { from: string; to: string }): string {
  const fragment = fragmentOf(client.doc);
  const { doc, mapping } = initProseMirrorDoc(fragment, charterSchema);
  const at = (p: string) => relativePositionToAbsolutePosition(client.doc, fragment, decodeAnchorPosition(p)!, mapping)!;
  return doc.textBetween(at(anchor.from), at(anchor.to));
}

function positionOf(doc: PMNode, words: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText && node.text!.includes(words)) found = pos + node.text!.indexOf(words);
    return true;
  });
  if (found < 0) throw new Error(`"${words}" is not in the charter`);
  return found;
}

/** The first words of the first text node inside a node of this type. */
function wordsIn(client: TestClient, type: string, length = 20): string {
  const { doc } = initProseMirrorDoc(fragmentOf(client.doc), charterSchema);
  let text = "";
  doc.descendants((node) => {
    if (text) return false;
    if (node.type.name == type) node.descendants((child) => { if (!text && child.isText) text = child.text!.slice(0, length); });
    return !text;
  });
  return text;
}

for (const kind of databaseKinds()) describe(`comments on ${kind.name}: anchored to a passage of any block`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let reader: string;
  let editor: TestClient;
  const post = (body: unknown, token = reader) => server.api("POST", `/api/charters/${charterId}/comments`, { token, body });
  const threads = async (token = reader) => (await server.api("GET", `/api/charters/${charterId}/comments`, { token })).body.threads;

  beforeEach(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    reader = await server.login("lecteur@example.org");
    editor = await connectClient(server, charterId, await server.login("redacteur@example.org"));
  });
  afterEach(async () => {
    editor.destroy();
    await server.close();
  });

  it("stores a passage of the preamble with its quote and no clause, and returns it", async () => {
    const words = wordsIn(editor, "preamble");
    const anchor = anchorFor(editor, words);
    const res = await post({ anchor, body: "Ce passage est flou." });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.comment).to.include({ clauseId: null, quote: words.trim() });
    expect(res.body.comment.anchor).to.deep.equal(anchor);
    const [thread] = await threads();
    expect(thread).to.include({ id: res.body.comment.id, quote: words.trim(), clauseId: null });
    expect(thread.anchor).to.deep.equal(anchor);
  });

  it("keeps pointing at the same words once text is typed before them", async () => {
    const words = wordsIn(editor, "section_heading", 12);
    const anchor = anchorFor(editor, words);
    expect((await post({ anchor, body: "Titre à revoir" })).status).to.equal(201);
    const { doc } = initProseMirrorDoc(fragmentOf(editor.doc), charterSchema);
    const heading = fragmentOf(editor.doc).toArray().find((n) => n instanceof Y.XmlElement && n.nodeName == "section") as Y.XmlElement;
    ((heading.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Nouveau début : ");
    await editor.stored();
    expect(doc.textContent).to.not.include("Nouveau début");
    const [thread] = await threads();
    expect(anchoredText(editor, thread.anchor)).to.equal(words);
    // The server finds the same words there too.
    expect((await post({ anchor: thread.anchor, body: "Toujours lui" })).body.comment.quote).to.equal(words.trim());
    // A reply on the moved passage is still accepted (its thread is found by id).
    expect((await post({ parentId: thread.id, body: "D'accord" })).status).to.equal(201);
  });

  it("gives a passage inside an article that article's id, and refuses another article's id beside it", async () => {
    const doc = (await server.api("GET", `/api/charters/${charterId}/document`, { token: reader })).body.document;
    const [first, second] = [...JSON.stringify(doc).matchAll(/"type":"clause","attrs":\{"id":"([^"]+)"/g)].map((m) => m[1]);
    const anchor = anchorFor(editor, wordsIn(editor, "clause_heading", 8));
    const res = await post({ anchor, body: "À préciser" });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.comment.clauseId).to.equal(first);
    expect((await post({ anchor, clauseId: first, body: "Même article" })).status).to.equal(201);
    const wrong = await post({ anchor, clauseId: second, body: "Autre article" });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error).to.include({ id: "invalid_input", field: "clauseId", message: "Le passage commenté n'est pas dans cet article." });
  });

  it("cuts the quote of a long passage", async () => {
    const fragment = fragmentOf(editor.doc);
    const { doc, mapping } = initProseMirrorDoc(fragment, charterSchema);
    const from = positionOf(doc, wordsIn(editor, "preamble"));
    const to = doc.content.size - 2;
    const anchor = { from: encodeAnchorPosition(absolutePositionToRelativePosition(from, fragment, mapping)), to: encodeAnchorPosition(absolutePositionToRelativePosition(to, fragment, mapping)) };
    const res = await post({ anchor, body: "Tout le texte" });
    expect(res.status).to.equal(201);
    expect(res.body.comment.quote).to.have.length(MAX_QUOTE_LENGTH);
    expect(res.body.comment.quote.endsWith("…")).to.equal(true);
  });

  it("refuses anchors that are not positions of this charter, in French, naming the field", async () => {
    const good = anchorFor(editor, wordsIn(editor, "preamble"));
    const elsewhere = new Y.Doc();
    elsewhere.getXmlFragment("prosemirror").insert(0, [new Y.XmlText("ailleurs")]);
    const foreign = encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(elsewhere.getXmlFragment("prosemirror").get(0) as Y.XmlText, 2));
    const otherRoot = encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(new Y.Doc().getText("autre"), 0));
    const cases: [unknown, string][] = [
      [{ from: "pas du base64 !", to: good.to }, "Passage commenté mal formé."],
      [{ from: good.from, to: "A".repeat(400) }, "Passage commenté mal formé."],
      [{ from: "AAAA", to: good.to }, "Passage commenté mal formé."],
      [{ from: good.from }, "Passage commenté mal formé."],
      ["au début", "Passage commenté mal formé."],
      [{ from: foreign, to: good.to }, "Ce passage n'existe pas (ou plus) dans la charte : sélectionnez-le de nouveau."],
      [{ from: otherRoot, to: good.to }, "Ce passage n'existe pas (ou plus) dans la charte : sélectionnez-le de nouveau."],
      [{ from: good.to, to: good.from }, "Sélectionnez un passage qui contient du texte."],
      [{ from: good.from, to: good.from }, "Sélectionnez un passage qui contient du texte."],
    ];
    for (const [anchor, message] of cases) {
      const res = await post({ anchor, body: "Un avis" });
      expect(res.status, JSON.stringify(anchor)).to.equal(400);
      expect(res.body.error, JSON.stringify(anchor)).to.include({ id: "invalid_input", message });
      expect(res.body.error.field, JSON.stringify(anchor)).to.match(/^anchor/);
    }
    expect(await threads()).to.deep.equal([]);
    expect(server.services.liveDocuments.liveDoc(charterId)!.share.has("autre")).to.equal(false);
  });

  it("finds the passage in the stored draft once nobody has the charter open", async () => {
    const words = wordsIn(editor, "preamble", 12);
    const anchor = anchorFor(editor, words);
    editor.destroy();
    await eventually(() => server.services.liveDocuments.liveDoc(charterId) == null, 10000, "the charter to be unloaded");
    const res = await post({ anchor, body: "Sur le texte enregistré" });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.comment.quote).to.equal(words.trim());
    expect(server.services.liveDocuments.liveDoc(charterId)).to.equal(null);
  });

  it("refuses a comment naming neither an article nor a passage", async () => {
    const res = await post({ body: "Sur quoi ?" });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.include({ field: "clauseId", message: "Indiquez l'article ou le passage commenté." });
  });

  it("refuses a passage whose words the server never received", async () => {
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(editor.doc));
    const text = (fragmentOf(offline).get(1) as Y.XmlElement).get(0) as Y.XmlElement;
    (text.get(0) as Y.XmlText).insert(0, "Jamais envoyé ");
    const unsent = (p: number) => encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text.get(0) as Y.XmlText, p));
    const res = await post({ anchor: { from: unsent(0), to: unsent(6) }, body: "Trop tôt" });
    expect(res.status).to.equal(400);
    expect(res.body.error.field).to.equal("anchor");
  });
});

for (const kind of databaseKinds()) describe(`comments on ${kind.name}: who resolves a thread`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let clauseId: string;

  before(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    const doc = (await server.api("GET", `/api/charters/${charterId}/document`, { token: await server.login("lecteur@example.org") })).body.document;
    clauseId = JSON.stringify(doc).match(/"type":"clause","attrs":\{"id":"([^"]+)"/)![1];
  });
  after(() => server.close());

  const startThread = async (email: string) => {
    const res = await server.api("POST", `/api/charters/${charterId}/comments`, { token: await server.login(email), body: { clauseId, body: `De ${email}` } });
    expect(res.status).to.equal(201);
    return res.body.comment;
  };
  const resolve = async (email: string, id: string, resolved = true) =>
    server.api("PATCH", `/api/charters/${charterId}/comments/${id}`, { token: await server.login(email), body: { resolved } });

  it("refuses (403, in French) a reader resolving someone else's thread, and says so in the thread", async () => {
    const thread = await startThread("comite@example.org");
    const res = await resolve("lecteur@example.org", thread.id);
    expect(res.status).to.equal(403);
    expect(res.body.error).to.deep.equal({ id: "forbidden", message: "Seuls l'auteur de la discussion, les pilotes et les rédacteurs peuvent la résoudre ou la rouvrir." });
    const seen = (await server.api("GET", `/api/charters/${charterId}/comments`, { token: await server.login("lecteur@example.org") })).body.threads.find((t: { id: string }) => t.id == thread.id);
    expect(seen).to.include({ resolved: false, canResolve: false });
  });

  it("lets the author resolve and reopen their own thread", async () => {
    const thread = await startThread("lecteur@example.org");
    expect(thread.canResolve).to.equal(true);
    expect((await resolve("lecteur@example.org", thread.id)).body.comment.resolved).to.equal(true);
    expect((await resolve("lecteur@example.org", thread.id, false)).body.comment.resolved).to.equal(false);
  });

  it("lets pilots and editors resolve anyone's thread", async () => {
    for (const email of ["pilote@example.org", "redacteur@example.org"]) {
      const thread = await startThread("signataire@example.org");
      const res = await resolve(email, thread.id);
      expect(res.status, email).to.equal(200);
      expect(res.body.comment).to.include({ resolved: true, canResolve: true });
    }
  });
});

const ANCHORS = "20261201040000_comment_anchors";

for (const kind of databaseKinds()) describe(`comments on ${kind.name}: the anchors migration`, function () {
  this.timeout(60000);

  it("keeps the comments made before it, on their clause, and goes back down", async () => {
    const target = await kind.create();
    const db = openDatabase(target);
    try {
      const before = (await migrationSource.getMigrations([])).filter((m) => m < ANCHORS);
      await db.migrate.up({ migrationSource, name: before[0] });
      for (const name of before.slice(1)) await db.migrate.up({ migrationSource, name });
      const at = new Date().toISOString();
      const user = { id: randomUUID(), email: "a@example.org", name: "A", password_hash: "x", platform_role: "member", created_at: at };
      await db("users").insert(user);
      const charter = randomUUID();
      await db("charters").insert({ id: charter, title: "Charte", department_code: "49", state: "drafting", created_by: user.id, created_at: at, updated_at: at });
      const comment = { id: randomUUID(), charter_id: charter, clause_id: "cl-ancien", parent_id: null, author_id: user.id, body: "Ancien avis", created_at: at, updated_at: at };
      await db("comments").insert(comment);
      await db.migrate.up({ migrationSource, name: ANCHORS });
      expect(await db("comments").where({ id: comment.id }).first()).to.include({ clause_id: "cl-ancien", body: "Ancien avis", anchor_from: null, quote: null });
      await db("comments").insert({ ...comment, id: randomUUID(), clause_id: null, anchor_from: "AAAA", anchor_to: "AAAA", quote: "Un passage" });
      // Only this migration, undone: later ones have rollbacks of their own.
      await db.migrate.down({ migrationSource, name: ANCHORS });
      expect(await db.schema.hasColumn("comments", "anchor_from")).to.equal(false);
      expect((await db("comments").select("id")).map((r) => r.id)).to.deep.equal([comment.id]);
      await migrate(db);
    } finally {
      await db.destroy();
      await target.drop();
    }
  });
});
