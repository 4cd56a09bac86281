import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** Applies updates to `doc` in order, in one transaction. */
export function applyUpdates(doc: Y.Doc, updates: Uint8Array[], origin: unknown = null): void {
  if (updates.length) doc.transact(() => { for (const update of updates) Y.applyUpdate(doc, update, origin); }, origin);
}

/**
 * Joins a log of Yjs updates (format v1) into as few updates as possible, in
 * linear time, so that loading a long log costs one integration instead of
 * one per update (Yjs spends ~5 µs of fixed cost on each `applyUpdate`, and
 * its own `mergeUpdates` is quadratic in the number of updates).
 *
 * Applying the result in order gives the same document as applying the
 * updates in order. Consecutive updates are joined while each client's
 * structs carry on exactly where the previous ones stopped: struct bytes are
 * copied as they are, since v1 writes every struct whole. A gap in a client's
 * clocks starts a new group. An update that repeats clocks already seen in the
 * log is passed on alone and untouched: Yjs holds back a client's structs that
 * follow one it cannot integrate, and a repeated struct (with, say, an origin
 * nobody has) must not hold back new ones joined after it. So is an update
 * this reader does not understand. Yjs then resolves those as usual.
 */
export class UpdateLogJoiner {
  /** The updates as given, for `load`'s fallback. */
  private updates: Uint8Array[] = [];
  private joined: Uint8Array[] = [];
  private group = new Group();
  /** Per client, the clock after the last struct seen anywhere in the log so far. */
  private seen = new Map<number, number>();

  add(update: Uint8Array): void {
    this.updates.push(update);
    const parsed = parseUpdate(update);
    if (!parsed || this.repeatsClocks(parsed)) {
      this.flush();
      this.joined.push(update);
    } else {
      if (!this.group.accepts(parsed)) this.flush();
      this.group.add(parsed);
    }
    if (parsed) for (const run of parsed.runs) this.seen.set(run.client, Math.max(this.seen.get(run.client) ?? 0, run.end));
  }

  /** The joined updates, in order. */
  finish(): Uint8Array[] {
    this.flush();
    return this.joined;
  }

  /**
   * The document the log gives, from the joined updates; or, if part of it
   * still waits for updates the log lacks, from the updates one by one: Yjs
   * notes what is missing per update it applies, and a joined update would
   * leave it fewer notes, so fewer chances to integrate what waits.
   */
  load(): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    applyUpdates(doc, this.finish());
    if (!doc.store.pendingStructs && !doc.store.pendingDs) return doc;
    doc.destroy();
    const exact = new Y.Doc({ gc: true });
    applyUpdates(exact, this.updates);
    return exact;
  }

  private repeatsClocks(update: ParsedUpdate): boolean {
    return update.runs.some((run) => run.clock < (this.seen.get(run.client) ?? 0));
  }

  private flush(): void {
    if (this.group.size) this.joined.push(this.group.encode());
    this.group = new Group();
  }
}

/** `updates` joined by an `UpdateLogJoiner`. */
export function concatUpdates(updates: Uint8Array[]): Uint8Array[] {
  const joiner = new UpdateLogJoiner();
  for (const update of updates) joiner.add(update);
  return joiner.finish();
}

/** One client's run of structs within an update: where they start, how many, their bytes. */
interface StructRun {
  client: number;
  clock: number;
  /** Clock just after the last struct. */
  end: number;
  count: number;
  bytes: Uint8Array;
}

interface ParsedUpdate {
  source: Uint8Array;
  runs: StructRun[];
  /** Deleted ranges, per client: [clock, length, clock, length, …]; null if none. */
  deletions: Map<number, number[]> | null;
}

/** Updates being joined into one. */
class Group {
  private runs = new Map<number, { clock: number; end: number; count: number; chunks: Uint8Array[] }>();
  private deletions = new Map<number, number[]>();
  private first: Uint8Array | null = null;
  size = 0;

  /** Whether every client of `update` carries on where this group's structs of that client stop. */
  accepts(update: ParsedUpdate): boolean {
    return update.runs.every((run) => {
      const mine = this.runs.get(run.client);
      return !mine || mine.end == run.clock;
    });
  }

  add(update: ParsedUpdate): void {
    if (!this.size) this.first = update.source;
    this.size++;
    for (const run of update.runs) {
      const mine = this.runs.get(run.client);
      if (mine) {
        mine.end = run.end;
        mine.count += run.count;
        mine.chunks.push(run.bytes);
      } else this.runs.set(run.client, { clock: run.clock, end: run.end, count: run.count, chunks: [run.bytes] });
    }
    if (update.deletions) for (const [client, ranges] of update.deletions) {
      const mine = this.deletions.get(client);
      if (!mine) this.deletions.set(client, ranges.slice());
      else for (const n of ranges) mine.push(n); // not push(...ranges): a long delete set would overflow the stack
    }
  }

  encode(): Uint8Array {
    if (this.size == 1) return this.first!;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, this.runs.size);
    for (const [client, run] of this.runs) {
      encoding.writeVarUint(encoder, run.count);
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, run.clock);
      for (const chunk of run.chunks) encoding.writeUint8Array(encoder, chunk);
    }
    encoding.writeVarUint(encoder, this.deletions.size);
    for (const [client, ranges] of this.deletions) {
      // Yjs expects a client's ranges sorted and apart (it writes the ones it cannot apply yet as differences).
      const merged = sortAndMerge(ranges);
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, merged.length / 2);
      for (const n of merged) encoding.writeVarUint(encoder, n);
    }
    return encoding.toUint8Array(encoder);
  }
}

/** Deleted ranges ([clock, length, …]) sorted by clock, overlapping or touching ones made one. */
function sortAndMerge(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i] + ranges[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let [start, end] = pairs[0];
  for (const [from, to] of pairs.slice(1)) {
    if (from <= end) end = Math.max(end, to);
    else {
      out.push(start, end - start);
      [start, end] = [from, to];
    }
  }
  out.push(start, end - start);
  return out;
}

/** Struct info bits and content kinds of the v1 format (as Yjs writes them). */
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;
const KIND = 0x1f;
const GC = 0;
const SKIP = 10;

/** Reads an update's structure, or null if it holds something this reader does not join (skips, unknown kinds, bad bytes). */
function parseUpdate(update: Uint8Array): ParsedUpdate | null {
  try {
    const decoder = decoding.createDecoder(update);
    const runs: StructRun[] = [];
    const seen = new Set<number>();
    const clients = decoding.readVarUint(decoder);
    for (let i = 0; i < clients; i++) {
      const count = decoding.readVarUint(decoder);
      const client = decoding.readVarUint(decoder);
      if (seen.has(client)) return null;
      seen.add(client);
      const clock = decoding.readVarUint(decoder);
      const start = decoder.pos;
      let end = clock;
      for (let s = 0; s < count; s++) {
        const length = skipStruct(decoder);
        if (length < 0) return null;
        end += length;
      }
      runs.push({ client, clock, end, count, bytes: update.subarray(start, decoder.pos) });
    }
    const deleters = decoding.readVarUint(decoder);
    const deletions = deleters ? new Map<number, number[]>() : null;
    for (let i = 0; i < deleters; i++) {
      const client = decoding.readVarUint(decoder);
      const ranges = decoding.readVarUint(decoder);
      const list = deletions!.get(client) ?? [];
      for (let r = 0; r < ranges; r++) list.push(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
      deletions!.set(client, list);
    }
    if (decoder.pos != update.byteLength) return null;
    return { source: update, runs, deletions };
  } catch {
    return null;
  }
}

/** Moves past one struct; returns its length in clock units, or -1 for what is not joined. */
function skipStruct(decoder: decoding.Decoder): number {
  const info = decoding.readUint8(decoder);
  const kind = info & KIND;
  if (kind == GC) return decoding.readVarUint(decoder);
  if (kind == SKIP) return -1;
  if (info & HAS_ORIGIN) skipId(decoder);
  if (info & HAS_RIGHT_ORIGIN) skipId(decoder);
  if (!(info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN))) {
    // The parent: a root type's name, or the id of the item holding it; then maybe a map key.
    if (decoding.readVarUint(decoder) == 1) decoding.readVarUint8Array(decoder);
    else skipId(decoder);
    if (info & HAS_PARENT_SUB) decoding.readVarUint8Array(decoder);
  }
  switch (kind) {
    case 1: // deleted
      return decoding.readVarUint(decoder);
    case 2: { // JSON
      const n = decoding.readVarUint(decoder);
      for (let i = 0; i < n; i++) decoding.readVarUint8Array(decoder);
      return n;
    }
    case 3: // binary
    case 5: // embed
      decoding.readVarUint8Array(decoder);
      return 1;
    case 4: // string: its length is counted in UTF-16 units, as Yjs does
      return stringLength(decoder);
    case 6: // format: key and value
      decoding.readVarUint8Array(decoder);
      decoding.readVarUint8Array(decoder);
      return 1;
    case 7: { // type: XmlElement and XmlHook carry a name
      const ref = decoding.readVarUint(decoder);
      if (ref == 3 || ref == 5) decoding.readVarUint8Array(decoder);
      else if (ref > 6) return -1;
      return 1;
    }
    case 8: { // any
      const n = decoding.readVarUint(decoder);
      for (let i = 0; i < n; i++) decoding.readAny(decoder);
      return n;
    }
    case 9: // subdocument
      decoding.readVarUint8Array(decoder);
      decoding.readAny(decoder);
      return 1;
    default:
      return -1;
  }
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
}

/** Reads a string and returns its length in UTF-16 units: ASCII without decoding, else decoded as Yjs does. */
function stringLength(decoder: decoding.Decoder): number {
  const start = decoder.pos;
  const bytes = decoding.readVarUint8Array(decoder);
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0x80) {
      decoder.pos = start;
      return decoding.readVarString(decoder).length;
    }
  }
  return bytes.length;
}
