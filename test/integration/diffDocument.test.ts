import { expect } from "chai";
import * as Y from "yjs";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { databaseKinds } from "../helpers/databases.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { connectClient, eventually, fragmentOf, type TestClient } from "../helpers/collab.js";

/*
 * Differences beyond the articles: the charter's title, its preamble, the
 * sections (« Titres ») and their introductions, the layout and marks of
 * paragraphs, commitments moved; each change credited to its author and
 * organisation, and « identical » said by the server.
 */

const DDETS = "Préfecture de Maine-et-Loire — DDETS";
const DEPARTEMENT = "Conseil départemental de Maine-et-Loire";

const children = (el: Y.XmlElement | Y.XmlFragment) => el.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
const sections = (doc: Y.Doc) => children(fragmentOf(doc)).filter((el) => el.nodeName == "section");
const textIn = (el: Y.XmlElement) => el.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText)!;
const headingOf = (section: Y.XmlElement) => textIn(children(section)[0]);
const clausesOf = (section: Y.XmlElement) => children(section).filter((el) => el.nodeName == "clause");
const firstParagraph = (el: Y.XmlElement) => children(el).find((c) => c.nodeName == "paragraph")!;
type Part = { type: string; value: string; authors?: { name: string; organisation: string }[] };
const inserted = (parts: Part[]) => parts.filter((p) => p.type == "insert").map((p) => p.value).join("");
const organisations = (entry: { authors: { organisation: string }[] }) => entry.authors.map((a) => a.organisation);

for (const kind of databaseKinds()) describe(`differences over the whole document on ${kind.name}`, function () {
  this.timeout(30000);
  let server: TestServer;
  let charterId: string;
  let pilot: string, editor: string;
  let a: TestClient, b: TestClient;

  beforeEach(async () => {
    server = await startTestServer({ database: kind });
    charterId = await demoCharterId(server);
    [pilot, editor] = await Promise.all(["pilote@example.org", "redacteur@example.org"].map((e) => server.login(e)));
    a = await connectClient(server, charterId, pilot); // Claire Martin, DDETS
    b = await connectClient(server, charterId, editor); // Julien Bernard, Conseil départemental
  });
  afterEach(async () => {
    a.destroy();
    b.destroy();
    await server.close();
  });

  const save = async (label: string) => (await server.api("POST", `/api/charters/${charterId}/versions`, { token: pilot, body: { label } })).body;
  const diff = async (from: string, to: string) => {
    const res = await server.api("GET", `/api/charters/${charterId}/diff?from=${from}&to=${to}`, { token: editor });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };
  /** Waits until the other client has the edits of `client`, so each edit is made on the latest text. */
  const synced = async (client: TestClient) => {
    await client.stored();
    const other = client == a ? b : a;
    await eventually(() => Buffer.from(Y.encodeStateVector(other.doc)).equals(Buffer.from(Y.encodeStateVector(client.doc))), 3000, "sync");
  };

  it("shows the title, the preamble and a section's heading and introduction, each credited to its author", async () => {
    const v1 = await save("V1");
    // Claire renames the charter and adds to the preamble; Julien renames the second section and writes it an introduction.
    const title = textIn(children(fragmentOf(a.doc))[0]);
    title.insert(title.length, " (projet)");
    const preamble = children(fragmentOf(a.doc))[1];
    preamble.insert(preamble.length, [new Y.XmlElement("paragraph")]);
    (preamble.get(preamble.length - 1) as Y.XmlElement).insert(0, [new Y.XmlText("Vu l'avis du comité responsable.")]);
    await synced(a);
    const second = sections(b.doc)[1];
    headingOf(second).insert(headingOf(second).length, " et coordination");
    const intro = new Y.XmlElement("paragraph");
    intro.insert(0, [new Y.XmlText("Ce titre organise la coordination.")]);
    second.insert(1, [intro]);
    await synced(b);
    const v2 = await save("V2");

    const d = await diff(v1.id, v2.id);
    expect(d.identical).to.equal(false);
    expect(d.hash).to.deep.equal({ from: v1.hash, to: v2.hash });
    expect(inserted(d.title.text)).to.equal(" (projet)");
    expect(organisations(d.title)).to.deep.equal([DDETS]);

    expect(d.preamble).to.have.length(1);
    expect(d.preamble[0]).to.deep.include({ change: "added", reshaped: false });
    expect(d.preamble[0].kind.to).to.deep.include({ type: "paragraph", level: 0 });
    expect(inserted(d.preamble[0].text)).to.equal("Vu l'avis du comité responsable.");
    expect(organisations(d.preamble[0])).to.deep.equal([DDETS]);

    expect(d.sections).to.have.length(1);
    const section = d.sections[0];
    expect(section).to.deep.include({ change: "changed", renamed: true, moved: false, number: { from: 2, to: 2 } });
    expect(inserted(section.heading)).to.equal(" et coordination");
    expect(section.introduction.map((x: { change: string }) => x.change)).to.deep.equal(["added"]);
    expect(inserted(section.introduction[0].text)).to.equal("Ce titre organise la coordination.");
    expect(organisations(section)).to.deep.equal([DEPARTEMENT]);
    // Nothing else changed: no article is listed.
    expect(d.clauses).to.deep.equal([]);
    expect(d.summary).to.deep.include({ title: 1, preamble: 1, sections: 1, added: 0, modified: 0 });
  });

  it("shows sections added, removed and moved, without listing the articles of a moved section as moved", async () => {
    const v1 = await save("V1");
    const names = sections(a.doc).map((s) => headingOf(s).toString());
    const movedIds = clausesOf(sections(a.doc)[0]).map((c) => c.getAttribute("id"));
    // Claire moves the first section after the second (y-prosemirror moves by delete and insert of a copy).
    a.doc.transact(() => {
      const copy = sections(a.doc)[0].clone();
      fragmentOf(a.doc).delete(2, 1);
      fragmentOf(a.doc).insert(3, [copy]);
    });
    await synced(a);
    // Julien removes the last section and adds one at the end.
    const last = sections(b.doc).length - 1;
    const removedIds = clausesOf(sections(b.doc)[last]).map((c) => c.getAttribute("id"));
    b.doc.transact(() => {
      fragmentOf(b.doc).delete(2 + last, 1);
      const section = new Y.XmlElement("section");
      const heading = new Y.XmlElement("section_heading");
      heading.insert(0, [new Y.XmlText("Évaluation")]);
      section.insert(0, [heading]);
      fragmentOf(b.doc).insert(fragmentOf(b.doc).length, [section]);
    });
    await synced(b);
    const v2 = await save("V2");

    const d = await diff(v1.id, v2.id);
    const byChange = (change: string) => d.sections.filter((s: { change: string }) => s.change == change);
    const [moved] = d.sections.filter((s: { moved: boolean }) => s.moved);
    expect(moved.heading.map((p: Part) => p.value).join("")).to.equal(names[0]);
    expect(moved.number).to.deep.equal({ from: 1, to: 2 });
    expect(organisations(moved)).to.deep.equal([DDETS]);
    const [added] = byChange("added");
    expect(inserted(added.heading)).to.equal("Évaluation");
    expect(added.clauses).to.deep.equal({ from: null, to: 0 });
    expect(organisations(added)).to.deep.equal([DEPARTEMENT]);
    const [removed] = byChange("removed");
    expect(removed.heading.map((p: Part) => p.value).join("")).to.equal(names.at(-1));
    expect(organisations(removed)).to.deep.equal([DEPARTEMENT]);
    // The articles of the removed section are removed; those of the moved one did not move within it.
    const clauseChange = (id: string) => d.clauses.find((c: { clauseId: string }) => c.clauseId == id);
    for (const id of removedIds) expect(clauseChange(id as string)).to.deep.include({ change: "removed" });
    for (const id of movedIds) expect(clauseChange(id as string)?.moved ?? false).to.equal(false);
  });

  it("shows a paragraph turned into a list item, bold words and a moved commitment, credited to their authors", async () => {
    const v1 = await save("V1");
    // Claire turns the first paragraph of article 1 into a bulleted item.
    const clause = clausesOf(sections(a.doc)[0])[0];
    const paragraph = firstParagraph(clause);
    const text = textIn(paragraph).toString();
    a.doc.transact(() => {
      const list = new Y.XmlElement("bullet_list");
      const item = new Y.XmlElement("list_item");
      item.insert(0, [paragraph.clone()]);
      list.insert(0, [item]);
      const at = clause.toArray().indexOf(paragraph);
      clause.delete(at, 1);
      clause.insert(at, [list]);
    });
    await synced(a);
    // Julien puts the first word of article 2 in bold, and moves the first commitment he finds to the start of its article.
    const other = clausesOf(sections(b.doc)[0])[1];
    const word = textIn(firstParagraph(other)).toString().split(" ")[0];
    textIn(firstParagraph(other)).format(0, word.length, { strong: {} });
    const withCommitment = sections(b.doc).flatMap(clausesOf).find((c) => children(c).filter((x) => x.nodeName == "commitment").length && children(c)[1].nodeName != "commitment")!;
    const commitment = children(withCommitment).find((x) => x.nodeName == "commitment")!;
    const commitmentId = commitment.getAttribute("id");
    b.doc.transact(() => {
      const copy = commitment.clone();
      withCommitment.delete(withCommitment.toArray().indexOf(commitment), 1);
      withCommitment.insert(1, [copy]);
    });
    await synced(b);
    const v2 = await save("V2");

    const d = await diff(v1.id, v2.id);
    const listed = d.clauses.find((c: { clauseId: string }) => c.clauseId == clause.getAttribute("id"));
    expect(listed).to.deep.include({ change: "changed", modified: true });
    const [block] = listed.blocks;
    expect(block).to.deep.include({ change: "changed", reshaped: true });
    expect(block.kind.from).to.deep.include({ type: "paragraph", level: 0 });
    expect(block.kind.to).to.deep.include({ type: "bullet", level: 1, newItem: true, newList: true });
    expect(block.text.map((p: Part) => p.value).join("")).to.equal(text);
    expect(organisations(block)).to.deep.equal([DDETS]);

    const bold = d.clauses.find((c: { clauseId: string }) => c.clauseId == other.getAttribute("id"));
    const format = bold.body.find((p: Part) => p.type == "format");
    expect(format).to.deep.include({ value: word, marks: { from: [], to: [{ type: "strong" }] } });
    expect(format.authors.map((x: { name: string }) => x.name)).to.deep.equal(["Julien Bernard"]);

    const movedCommitment = d.clauses.flatMap((c: { commitments: { id: string }[] }) => c.commitments).find((c: { id: string }) => c.id == commitmentId);
    expect(movedCommitment).to.deep.include({ change: "changed", moved: true, reworded: false, reassigned: false });
    expect(organisations(movedCommitment)).to.deep.equal([DEPARTEMENT]);
  });

  it("says two states are identical exactly when their hashes are, whatever the Yjs history between them", async () => {
    const v1 = await save("V1");
    // Text typed then deleted, and a section rewritten as a copy of itself: other Yjs items, the same content.
    const heading = headingOf(sections(a.doc)[0]);
    heading.insert(0, "Provisoire ");
    heading.delete(0, "Provisoire ".length);
    a.doc.transact(() => {
      const copy = sections(a.doc)[2].clone();
      fragmentOf(a.doc).delete(4, 1);
      fragmentOf(a.doc).insert(4, [copy]);
    });
    await synced(a);
    const v2 = await save("V2");
    expect(v2.hash).to.equal(v1.hash);
    const same = await diff(v1.id, v2.id);
    expect(same).to.deep.include({ identical: true, title: null, preamble: [], sections: [], clauses: [] });
    expect(await diff(v2.id, "draft")).to.deep.include({ identical: true, clauses: [] });
  });
});
