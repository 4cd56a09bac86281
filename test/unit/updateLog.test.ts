import { expect } from "chai";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { applyUpdates, concatUpdates, UpdateLogJoiner } from "../../server/collab/updateLog.js";

/** A small deterministic random generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s % n;
  };
}

const WORDS = ["a", "expulsion ", "é", "l'huissier ", "😀", "CCAPEX", "", "\u00a0", "日本", "\ufeffbom"];

/** Three editors making every kind of change Yjs can store, syncing now and then; returns every update they produced, in order. */
function history(seed: number, steps: number): Uint8Array[] {
  const rand = random(seed);
  const docs = [1, 2, 3].map((id) => { const d = new Y.Doc({ gc: true }); d.clientID = id * 1000 + seed; return d; });
  const log: Uint8Array[] = [];
  for (const d of docs) d.on("update", (u: Uint8Array, origin: unknown) => { if (origin != "sync") log.push(u); });
  for (let i = 0; i < steps; i++) {
    const d = docs[rand(3)];
    const text = d.getText("text");
    const xml = d.getXmlFragment("prosemirror");
    const map = d.getMap("meta");
    const array = d.getArray("list");
    switch (rand(10)) {
      case 0: case 1: case 2:
        text.insert(rand(text.length + 1), WORDS[rand(WORDS.length)], rand(3) == 0 ? { bold: true } : undefined);
        break;
      case 3:
        if (text.length) { const at = rand(text.length); text.delete(at, Math.min(text.length - at, 1 + rand(5))); }
        break;
      case 4:
        if (text.length) text.format(rand(text.length), 1 + rand(3), { em: rand(2) ? true : null });
        break;
      case 5: {
        const el = new Y.XmlElement(rand(2) ? "clause" : "paragraph");
        el.setAttribute("id", `cl-${rand(1000)}`);
        el.insert(0, [new Y.XmlText(WORDS[rand(WORDS.length)])]);
        xml.insert(rand(xml.length + 1), [el]);
        break;
      }
      case 6:
        if (xml.length) xml.delete(rand(xml.length), 1);
        break;
      case 7:
        map.set(`k${rand(4)}`, [null, true, 3.5, -7, "texte", { a: [1, "b"] }, new Uint8Array([1, 2, 3])][rand(7)]);
        break;
      case 8:
        array.insert(rand(array.length + 1), rand(2) ? [new Uint8Array([rand(255)])] : [1, "deux", { trois: 3 }]);
        if (rand(4) == 0) text.insertEmbed(rand(text.length + 1), { image: "x.png" });
        break;
      case 9: {
        // Sync two editors both ways, as the server relays their edits.
        const [a, b] = [docs[rand(3)], docs[rand(3)]];
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), "sync");
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), "sync");
      }
    }
  }
  return log;
}

function oneByOne(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => { for (const u of updates) Y.applyUpdate(doc, u); });
  return doc;
}

/** The joined updates applied as they are. */
function joined(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  applyUpdates(doc, concatUpdates(updates));
  return doc;
}

/** The document a stored log loads into (joined, or one by one if part of it waits). */
function loaded(updates: Uint8Array[]): Y.Doc {
  const log = new UpdateLogJoiner();
  for (const u of updates) log.add(u);
  return log.load();
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
  expect(actual.getText("text").toDelta()).to.deep.equal(expected.getText("text").toDelta());
  expect(actual.getXmlFragment("prosemirror").toString()).to.equal(expected.getXmlFragment("prosemirror").toString());
  expect(actual.getMap("meta").toJSON()).to.deep.equal(expected.getMap("meta").toJSON());
  expect(actual.getArray("list").toJSON()).to.deep.equal(expected.getArray("list").toJSON());
  expect(Y.encodeSnapshot(Y.snapshot(actual))).to.deep.equal(Y.encodeSnapshot(Y.snapshot(expected)));
  expect(actual.store.pendingStructs?.missing).to.deep.equal(expected.store.pendingStructs?.missing);
  expect(actual.store.pendingDs == null).to.equal(expected.store.pendingDs == null);
}

describe("stored update log", () => {
  it("joins a log of typing into one update that gives the same document", () => {
    const log = history(1, 400);
    const joinedLog = concatUpdates(log);
    expect(joinedLog.length).to.be.lessThan(log.length / 10);
    expectSameDocument(joined(log), oneByOne(log));
  });

  it("gives the same document as applying updates one by one, for every kind of change", () => {
    for (let seed = 2; seed < 40; seed++) {
      const log = history(seed, 150);
      expectSameDocument(joined(log), oneByOne(log));
    }
  });

  it("loads the same document, with the same notes of what is missing, from compacted states, repeated updates and updates stored out of order", () => {
    for (let seed = 40; seed < 60; seed++) {
      const log = history(seed, 120);
      const rand = random(seed);
      const messy = [...log];
      // A compaction in the middle (a state with garbage-collected structs), then more edits.
      const middle = rand(messy.length);
      messy.splice(middle, 0, Y.encodeStateAsUpdate(oneByOne(log.slice(0, middle))));
      // An update stored twice, and two swapped (a gap in a client's clocks until the second arrives).
      messy.push(messy[rand(messy.length)]);
      const i = rand(messy.length - 1);
      [messy[i], messy[i + 1]] = [messy[i + 1], messy[i]];
      // A merge with a hole in it, which Yjs writes with a skip.
      messy.push(Y.mergeUpdates([log[0], log[log.length - 1]]));
      expectSameDocument(loaded(messy), oneByOne(messy));
      expectSameDocument(loaded(messy), oneByOne(log));
      // Updates lost: what depends on them waits, and Yjs notes what it waits for.
      const lossy = messy.filter((_, i) => i % 9 != seed % 9);
      expectSameDocument(loaded(lossy), oneByOne(lossy));
    }
  });

  it("passes updates it cannot read on untouched, in their place", () => {
    const log = history(61, 60);
    const odd = new Uint8Array([1, 2, 3]);
    const out = concatUpdates([...log.slice(0, 30), odd, ...log.slice(30)]);
    expect(out.filter((u) => u == odd)).to.have.length(1);
    const at = out.indexOf(odd);
    expectSameDocument(oneByOne(out.slice(0, at)), oneByOne(log.slice(0, 30)));
  });

  it("joins updates with long delete sets", () => {
    const doc = new Y.Doc();
    const log: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => log.push(u));
    const length = 600_000;
    doc.getText("text").insert(0, "ab".repeat(length / 2));
    // Two updates deleting every other character of each half: 150,000 ranges each.
    const deleteEveryOther = (from: number) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, doc.clientID);
      encoding.writeVarUint(e, length / 4);
      for (let i = 0; i < length / 4; i++) {
        encoding.writeVarUint(e, from + 2 * i);
        encoding.writeVarUint(e, 1);
      }
      return encoding.toUint8Array(e);
    };
    log.push(deleteEveryOther(0), deleteEveryOther(length / 2));
    const out = concatUpdates(log);
    expect(out).to.have.length(1);
    const { structs, ds } = Y.decodeUpdate(out[0]);
    expect(structs.map((s) => s.length)).to.deep.equal([length]);
    const ranges = ds.clients.get(doc.clientID)!;
    expect(ranges).to.have.length(length / 2);
    expect([ranges[0].clock, ranges[length / 4].clock, ranges[length / 2 - 1].clock]).to.deep.equal([0, length / 2, length - 2]);
  });

  it("keeps deletions of text still waiting for its start, in any order", () => {
    // Client 2 types in two steps; the log lacks the first for now, so the second waits, and so do deletions in it.
    const doc = new Y.Doc();
    doc.clientID = 2;
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    const text = doc.getText("text");
    text.insert(0, "abcde");
    text.insert(5, "fghij");
    text.delete(8, 1);
    text.delete(6, 1);
    const log = [updates[1], updates[2], updates[3], updates[2]];
    const [sequential, joinedDoc, loadedDoc] = [oneByOne(log), joined(log), loaded(log)];
    expectSameDocument(loadedDoc, sequential);
    for (const d of [sequential, joinedDoc, loadedDoc]) Y.applyUpdate(d, updates[0]);
    expect(joinedDoc.getText("text").toString()).to.equal("abcdefhj");
    expectSameDocument(joinedDoc, sequential);
    expectSameDocument(loadedDoc, sequential);
  });

  it("counts text starting with a byte order mark as Yjs does", () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    doc.getText("text").insert(0, "\ufeff");
    doc.getText("text").insert(1, "a");
    const log = [updates[0], updates[0], updates[1]];
    expect(joined(log).getText("text").toString()).to.equal("\ufeffa");
    expectSameDocument(joined(log), oneByOne(log));
  });

  it("does not let a repeated struct that cannot be integrated hold back new ones", () => {
    const doc = new Y.Doc();
    doc.clientID = 42;
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    for (const [i, c] of ["a", "b", "c", "d"].entries()) doc.getText("text").insert(i, c);
    // A row repeating 42:1 ("b") but claiming an origin in a client nobody has.
    const e = encoding.createEncoder();
    for (const n of [1, 1, 42, 1]) encoding.writeVarUint(e, n);
    encoding.writeUint8(e, 0x80 | 4);
    encoding.writeVarUint(e, 777);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, "b");
    encoding.writeVarUint(e, 0);
    const log = [updates[0], updates[1], encoding.toUint8Array(e), updates[2], updates[3]];
    expect(joined(log).getText("text").toString()).to.equal("abcd");
    expectSameDocument(joined(log), oneByOne(log));
  });
});
