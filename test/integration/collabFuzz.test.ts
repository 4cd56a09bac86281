import { expect } from "chai";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { DEFAULT_USER_BUDGETS } from "../../server/config.js";
import { databaseKinds } from "../helpers/databases.js";
import { addUser, demoCharterId } from "../helpers/fixtures.js";
import { connectClient, eventually, fragmentOf, type TestClient } from "../helpers/collab.js";
import { RawCollabSocket, syncMessage } from "../helpers/rawCollab.js";
import { loadStoredYDoc, ydocToCharter } from "../../server/domain/documents.js";
import { checkCharterRules } from "../../server/shared/validate.js";
import { MESSAGE_ACCESS, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_CHANGED, MESSAGE_QUERY_AWARENESS, MESSAGE_STORED, MESSAGE_SYNC } from "../../server/shared/collab.js";

/**
 * Issue 8, point 12: a seeded fuzz of the collaboration protocol against a
 * real server. Valid messages of every kind (sync step 1 and 2, updates of
 * every sort of edit, presence, presence queries, auth, Charte's 100–102) are
 * made from the live document, mutated (bits, bytes, lengths, varints,
 * splices, truncations) and sent by several editors and a reader over raw
 * sockets, thousands of them, reconnecting whenever the server closes one.
 * Meanwhile a y-websocket editor keeps typing. The server must never fail
 * unexpectedly, never store a document that does not read back strictly, and
 * the typist must keep being stored and converge. `FUZZ_SEED=…` replays a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const MESSAGES = Number(process.env.FUZZ_MESSAGES ?? 4000);
const WORKERS = 6;

/** mulberry32: small, seeded, good enough to pick mutations. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(list: readonly T[]): T => list[int(list.length)] };
}
type Random = ReturnType<typeof prng>;

const frame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

/** Every element of a fragment, depth first. */
function elements(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) if (child instanceof Y.XmlElement) { out.push(child); walk(child); }
  };
  walk(fragmentOf(doc));
  return out;
}
function texts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  for (const el of elements(doc)) for (const child of el.toArray()) if (child instanceof Y.XmlText) out.push(child);
  return out;
}

/** One edit of any sort on a copy of the live document: the update it makes is valid, or meant to be refused. */
function editUpdate(live: Uint8Array, random: Random): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, live);
  const before = Y.encodeStateVector(copy);
  const allTexts = texts(copy);
  const text = allTexts.length ? random.pick(allTexts) : null;
  const els = elements(copy);
  const el = random.pick(els);
  const edits: (() => void)[] = [
    () => text?.insert(random.int(text.length + 1), random.pick(["mot ", "é", "🙂", "x\u0000", "\u202E", "« a »"])),
    () => text && text.length && text.delete(random.int(text.length), 1 + random.int(3)),
    () => text && text.length && text.format(0, Math.min(3, text.length), random.pick([{ strong: {} }, { em: {} }, { link: { href: "https://example.org" } }, { link: { href: "javascript:x" } }])),
    () => el.setAttribute(random.pick(["id", "party", "due", "indicator", "order", "__proto__", "x"]), random.pick(["cl-fuzz", "2026-01-01", "caf", 3, { a: 1 }] as never[])),
    () => {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText("Paragraphe")]);
      el.insert(random.int(el.length + 1), [p]);
    },
    () => el.length && el.delete(random.int(el.length), 1),
    () => copy.getMap("hidden").set("k", "v"),
  ];
  copy.transact(() => random.pick(edits)());
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

/** A valid message of some kind, made from the live document's state (as an update). */
function validMessage(live: Uint8Array, random: Random): Uint8Array {
  switch (random.int(9)) {
    case 0: return syncMessage(0, Y.encodeStateVectorFromUpdate(live));
    case 1: return syncMessage(1, editUpdate(live, random));
    case 2: case 3: case 4: return syncMessage(2, editUpdate(live, random));
    case 5: {
      const awareness = new awarenessProtocol.Awareness(new Y.Doc());
      awareness.setLocalState({ user: { name: "Fuzz" }, cursor: { anchor: random.int(100) } });
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
      awareness.destroy();
      return frame((e) => { encoding.writeVarUint(e, MESSAGE_AWARENESS); encoding.writeVarUint8Array(e, update); });
    }
    case 6: return frame((e) => encoding.writeVarUint(e, random.pick([MESSAGE_QUERY_AWARENESS, MESSAGE_AUTH])));
    case 7: return frame((e) => { encoding.writeVarUint(e, MESSAGE_STORED); encoding.writeVarUint(e, random.int(1000)); });
    default: return frame((e) => { encoding.writeVarUint(e, random.pick([MESSAGE_ACCESS, MESSAGE_CHANGED])); encoding.writeVarString(e, "comments"); });
  }
}

/** The message, mutated (or, one time in four, not: valid messages reach further into a connection). */
function mutate(message: Uint8Array, random: Random, other: () => Uint8Array): Uint8Array {
  if (random.next() < 0.25) return message;
  const bytes = Array.from(message);
  const at = () => random.int(bytes.length || 1);
  const times = 1 + random.int(3);
  for (let i = 0; i < times; i++) {
    switch (random.int(9)) {
      case 0: { const k = at(); bytes[k] = (bytes[k] + 1) & 0xff; break; }
      case 1: { const k = at(); bytes[k] ^= 1 << random.int(8); break; }
      case 2: bytes[at()] = random.int(256); break;
      case 3: bytes.splice(at(), 0, ...Array.from({ length: 1 + random.int(4) }, () => random.int(256))); break;
      case 4: bytes.splice(at(), 1 + random.int(4)); break;
      case 5: bytes.length = at(); break;
      case 6: bytes.splice(at(), 0, 0xff, 0xff, 0xff, 0xff, 0x0f); break; // a huge varint
      case 7: { const more = other(); bytes.splice(at(), 0, ...Array.from(more).slice(random.int(more.length))); break; }
      default: { const k = at(); bytes.splice(k, 0, ...bytes.slice(k, k + 1 + random.int(8))); }
    }
  }
  return Uint8Array.from(bytes);
}

for (const kind of databaseKinds()) describe(`collaboration protocol fuzz on ${kind.name} (seed ${SEED})`, function () {
  this.timeout(90000);
  let server: TestServer;
  let charterId: string;
  const clients: TestClient[] = [];

  before(async () => {
    // The fuzz reconnects after every close: far more tickets than the per-user budget allows a person (the budget has its own tests).
    server = await startTestServer({ database: kind, config: { userBudgets: { ...DEFAULT_USER_BUDGETS, collabTickets: { points: 1_000_000, perSeconds: 60 } } } });
    charterId = await demoCharterId(server);
  });
  after(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
  });

  it(`survives ${MESSAGES} mutated messages: no unexpected failure, only valid documents stored, another editor unaffected`, async () => {
    const failures: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { failures.push(args); original(...args); };
    try {
      const extra = await Promise.all([0, 1, 2].map(() => addUser(server, { charterId, role: "editor" })));
      const tokens = await Promise.all(["redacteur@example.org", "pilote@example.org", "lecteur@example.org", ...extra.map((u) => u.email)].map((e) => server.login(e)));
      const observer = await connectClient(server, charterId, tokens[1]);
      const typist = await connectClient(server, charterId, tokens[0]);
      clients.push(observer, typist);

      // The typist writes into the title, which the schema always keeps.
      let typed = 0;
      let slowest = 0;
      let typing = true;
      const typeLoop = (async () => {
        while (typing) {
          const title = fragmentOf(typist.doc).get(0) as Y.XmlElement;
          let text = title.get(0);
          if (!(text instanceof Y.XmlText)) title.insert(0, [(text = new Y.XmlText())]);
          (text as Y.XmlText).insert(0, `t${typed++} `);
          const started = performance.now();
          await typist.stored();
          slowest = Math.max(slowest, performance.now() - started);
          await new Promise((r) => setTimeout(r, 40));
        }
      })();

      const random = prng(SEED);
      let sent = 0;
      let connections = 0;
      const closeCodes = new Map<number, number>();
      const worker = async (w: number) => {
        const token = tokens[w % tokens.length];
        while (sent < MESSAGES) {
          const socket = await RawCollabSocket.open(server, charterId, token);
          connections++;
          let open = true;
          socket.closed.then((code) => { open = false; closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1); });
          // The server speaks first (its sync step 1) once it has authenticated the socket.
          const answered = (check: (data: Buffer) => boolean) => new Promise<void>((resolve) => {
            const onMessage = (data: Buffer) => { if (check(data)) { socket.ws.off("message", onMessage); resolve(); } };
            socket.ws.on("message", onMessage);
          });
          await Promise.race([answered(() => true), socket.closed]);
          const batch = 1 + random.int(12);
          const live = Y.encodeStateAsUpdate(observer.doc);
          for (let i = 0; i < batch && open && sent < MESSAGES; i++) {
            socket.send(mutate(validMessage(live, random), random, () => validMessage(live, random)));
            sent++;
          }
          // Then "is it stored?": answered once everything before it is handled, unless the server closed the socket for it.
          const seq = 1_000_000 + sent;
          const reply = Buffer.from(frame((e) => { encoding.writeVarUint(e, MESSAGE_STORED); encoding.writeVarUint(e, seq); }));
          socket.send(reply);
          await Promise.race([answered((data) => data.equals(reply)), socket.closed, new Promise((r) => setTimeout(r, 3000))]);
          socket.close();
          await socket.closed;
        }
      };
      const started = Date.now();
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      const fuzzMs = Date.now() - started;
      typing = false;
      await typeLoop;

      // The server still answers, and the typist was stored all along, then converges with the observer.
      expect((await server.api("GET", "/api/health")).status).to.equal(200);
      expect(typed).to.be.greaterThan(10);
      expect(slowest, "slowest stored answer to the typist (ms)").to.be.lessThan(2000);
      await eventually(() => Buffer.from(Y.encodeStateVector(observer.doc)).equals(Buffer.from(Y.encodeStateVector(typist.doc))), 5000, "convergence");
      expect(fragmentOf(observer.doc).toString()).to.equal(fragmentOf(typist.doc).toString());

      // The live and stored documents read back strictly, hold nothing pending and nothing beside the charter.
      const live = server.hub.liveDoc(charterId)!;
      for (const doc of [live, await loadStoredYDoc(server.services.db, charterId)]) {
        checkCharterRules(ydocToCharter(doc));
        expect(doc.store.pendingStructs).to.equal(null);
        expect(doc.store.pendingDs).to.equal(null);
        expect([...doc.share.keys()]).to.deep.equal(["prosemirror"]);
      }
      const stored = await loadStoredYDoc(server.services.db, charterId);
      expect(Y.getState(stored.store, typist.doc.clientID)).to.equal(Y.getState(typist.doc.store, typist.doc.clientID));
      expect(failures, "errors logged by the server").to.deep.equal([]);
      console.log(`      ${sent} messages over ${connections} connections in ${fuzzMs} ms; closes: ${JSON.stringify(Object.fromEntries(closeCodes))}; typist: ${typed} edits, slowest stored ${slowest.toFixed(0)} ms`);
    } finally {
      console.error = original;
    }
  });
});
