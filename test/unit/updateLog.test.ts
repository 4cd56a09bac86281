import { expect } from "chai";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { applyUpdates, concatUpdates } from "../../server/collab/updateLog.js";

/** A small deterministic random generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s % n;
  };
}

const WORDS = ["a", "expulsion ", "é", "l'huissier ", "😀", "CCAPEX", "", "\u00a0", "日本"];

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

function joined(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  applyUpdates(doc, concatUpdates(updates));
  return doc;
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
  expect(actual.getText("text").toDelta()).to.deep.equal(expected.getText("text").toDelta());
  expect(actual.getXmlFragment("prosemirror").toString()).to.equal(expected.getXmlFragment("prosemirror").toString());
  expect(actual.getMap("meta").toJSON()).to.deep.equal(expected.getMap("meta").toJSON());
  expect(actual.getArray("list").toJSON()).to.deep.equal(expected.getArray("list").toJSON());
  expect(Y.encodeSnapshot(Y.snapshot(actual))).to.deep.equal(Y.encodeSnapshot(Y.snapshot(expected)));
  expect(actual.store.pendingStructs == null).to.equal(expected.store.pendingStructs == null);
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

  it("handles compacted states, repeated updates and updates stored out of order", () => {
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
      expectSameDocument(joined(messy), oneByOne(messy));
      expectSameDocument(joined(messy), oneByOne(log));
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
});
