import { expect } from "chai";
import { canonicalEntry, canonicalJson, entryHash, GENESIS_HASH } from "../../server/store/auditChain.js";
import { checkEntries } from "../../server/domain/audit/chainVerifier.js";
import type { AuditRow } from "../../server/store/rows.js";

type Entry = AuditRow & { id: number; seq: number };

/** A chain of `n` entries with ids from `firstId`, each properly linked. */
function chain(n: number, firstId = 1): Entry[] {
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) entries.push(link({ id: firstId + i * 2, action: `test.${i}` }, entries.at(-1)));
  return entries;
}

function link(fields: { id: number; action: string; details?: string | null }, prev: Entry | undefined): Entry {
  const entry = {
    id: fields.id, at: "2026-12-01T10:00:00.000Z", actor_id: "u1", charter_id: "c1", action: fields.action, subject_type: null, subject_id: null,
    details: fields.details ?? null, ip: null, seq: (prev?.seq ?? 0) + 1, prev_hash: prev?.hash ?? GENESIS_HASH, hash: "",
  };
  return { ...entry, hash: entryHash(entry) };
}

const headOf = (entries: Entry[]) => ({ chain: "c1", seq: entries.at(-1)!.seq, last_id: entries.at(-1)!.id, hash: entries.at(-1)!.hash });

describe("audit chain: canonical form", () => {
  it("is a JSON array of the fields in a fixed order, details with sorted keys, null for what is absent", () => {
    const text = canonicalEntry({ seq: 3, prev_hash: "ab", at: "2026-12-01T10:00:00.000Z", actor_id: null, charter_id: "c1", action: "x.y", subject_type: null, subject_id: "s", details: '{"b":1,"a":{"d":[1,"é"],"c":null}}', ip: "::1" });
    expect(text).to.equal('["charte-audit/1",3,"ab","2026-12-01T10:00:00.000Z",null,"c1","x.y",null,"s",{"a":{"c":null,"d":[1,"é"]},"b":1},"::1"]');
    expect(canonicalJson({ z: undefined, y: "« »" })).to.equal('{"y":"« »"}');
  });

  it("hashes the same whatever the key order or spacing of the stored details", () => {
    const base = { seq: 1, prev_hash: GENESIS_HASH, at: "t", actor_id: null, charter_id: null, action: "a", subject_type: null, subject_id: null, ip: null };
    expect(entryHash({ ...base, details: '{"a":1, "b":2}' })).to.equal(entryHash({ ...base, details: '{"b":2,"a":1}' }));
    expect(entryHash({ ...base, details: '{"a":1}' })).to.not.equal(entryHash({ ...base, details: '{"a":2}' }));
    expect(entryHash({ ...base, details: null })).to.match(/^[0-9a-f]{64}$/);
  });
});

describe("audit chain: finding the first break", () => {
  it("passes an intact chain, and an empty one", () => {
    const entries = chain(5);
    expect(checkEntries("c1", entries, headOf(entries))).to.deep.include({ intact: true, entries: 5, problem: null });
    expect(checkEntries("c1", [], null).intact).to.equal(true);
  });

  it("names an entry slipped in the middle with a well-formed link to the one before it", () => {
    const entries = chain(4);
    const forged = link({ id: 4, action: "forged" }, entries[1]);
    const tampered = [entries[0], entries[1], forged, entries[2], entries[3]];
    expect(checkEntries("c1", tampered, headOf(entries)).problem).to.deep.include({ kind: "inserted", entryId: 4 });
  });

  it("names an entry slipped in with a broken link", () => {
    const entries = chain(4);
    const junk = { ...entries[2], id: 4, seq: 9, prev_hash: "ff".repeat(32), hash: "ee".repeat(32) };
    expect(checkEntries("c1", [entries[0], entries[1], junk, entries[2], entries[3]], headOf(entries)).problem).to.deep.include({ kind: "inserted", entryId: 4 });
  });

  it("names an altered entry, and one altered then hashed again", () => {
    const entries = chain(4);
    const altered = entries.map((e, i) => (i == 2 ? { ...e, action: "other" } : e));
    expect(checkEntries("c1", altered, headOf(entries)).problem).to.deep.include({ kind: "altered", entryId: 5 });
    const rehashed = entries.map((e, i) => (i == 1 ? link({ id: e.id, action: "other" }, entries[0]) : e));
    expect(checkEntries("c1", rehashed, headOf(entries)).problem).to.deep.include({ kind: "altered", entryId: 3 });
  });

  it("names where entries were deleted: first, middle, last, all, and the head itself", () => {
    const entries = chain(5);
    const head = headOf(entries);
    expect(checkEntries("c1", entries.slice(1), head).problem).to.deep.include({ kind: "deleted", entryId: 3 });
    expect(checkEntries("c1", [entries[0], entries[3], entries[4]], head).problem).to.deep.include({ kind: "deleted", entryId: 7 });
    expect(checkEntries("c1", [entries[0], entries[3], entries[4]], head).problem!.message).to.include("2 entrées ont été supprimées");
    expect(checkEntries("c1", entries.slice(0, 3), head).problem).to.deep.include({ kind: "deleted", entryId: null });
    expect(checkEntries("c1", [], head).problem!.kind).to.equal("deleted");
    expect(checkEntries("c1", entries, null).problem!.kind).to.equal("deleted");
  });

  it("names an entry appended after the recorded head, however well chained", () => {
    const entries = chain(3);
    const head = headOf(entries);
    const appended = [...entries, link({ id: 99, action: "forged" }, entries[2])];
    expect(checkEntries("c1", appended, head).problem).to.deep.include({ kind: "inserted", entryId: 99 });
  });

  it("names an entry whose details are no longer JSON", () => {
    const entries = chain(3);
    const broken = entries.map((e, i) => (i == 1 ? { ...e, details: "{not json" } : e));
    expect(checkEntries("c1", broken, headOf(entries)).problem).to.deep.include({ kind: "altered", entryId: 3 });
  });
});
