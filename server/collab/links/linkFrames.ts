import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

/**
 * The frames of a link between a forwarding instance and a charter's owner
 * (one WebSocket per forwarding instance and charter, see `ownerLinks.ts`
 * and `forwardingLinks.ts`). Each forwarded client has a key on its link.
 *
 * Up, forwarder to owner: OPEN (a client arrived: its address and ticket),
 * DATA (a message of one client), CLOSE (the client left).
 * Down, owner to forwarder: DATA (one message for a list of clients: a
 * broadcast crosses the link once), CLOSE (the owner closed a client, with
 * its code and reason).
 */
export const FRAME_OPEN = 1;
export const FRAME_DATA = 2;
export const FRAME_CLOSE = 3;

/** Close code a CLOSE frame down carries for a client to cut without a close frame (as ws's `terminate`). */
export const TERMINATED = 1006;

/** A frame sent from a forwarder. */
export type UpFrame =
  | { type: typeof FRAME_OPEN; key: number; address: string; ticket: string | null }
  | { type: typeof FRAME_DATA; key: number; data: Buffer }
  | { type: typeof FRAME_CLOSE; key: number };

/** A frame sent from an owner. */
export type DownFrame =
  | { type: typeof FRAME_DATA; keys: number[]; data: Buffer }
  | { type: typeof FRAME_CLOSE; key: number; code: number; reason: string };

/** A link frame that does not decode: the link is closed. */
export class MalformedFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedFrameError";
  }
}

export function openFrame(key: number, address: string, ticket: string | null): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, FRAME_OPEN);
    encoding.writeVarUint(e, key);
    encoding.writeVarString(e, address);
    encoding.writeVarUint(e, ticket == null ? 0 : 1);
    if (ticket != null) encoding.writeVarString(e, ticket);
  });
}

/** A client's message going up: one small header, then the message as it came. */
export function upDataFrame(key: number, data: Uint8Array): Buffer {
  const header = build((e) => {
    encoding.writeVarUint(e, FRAME_DATA);
    encoding.writeVarUint(e, key);
  });
  return Buffer.concat([header, data]);
}

export function upCloseFrame(key: number): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, FRAME_CLOSE);
    encoding.writeVarUint(e, key);
  });
}

/** One message for every client in `keys`. */
export function downDataFrame(keys: readonly number[], data: Uint8Array): Buffer {
  const header = build((e) => {
    encoding.writeVarUint(e, FRAME_DATA);
    encoding.writeVarUint(e, keys.length);
    for (const key of keys) encoding.writeVarUint(e, key);
  });
  return Buffer.concat([header, data]);
}

export function downCloseFrame(key: number, code: number, reason: string): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, FRAME_CLOSE);
    encoding.writeVarUint(e, key);
    encoding.writeVarUint(e, code);
    encoding.writeVarString(e, reason);
  });
}

/** Longest address, ticket or close reason a frame may carry (a forwarder sends an empty ticket for a longer one: refused as any bad ticket). */
export const MAX_LINK_TEXT = 1024;

/** Decodes a frame from a forwarder; throws `MalformedFrameError`. */
export function decodeUpFrame(frame: Buffer): UpFrame {
  return decodeWith(frame, (d) => {
    const type = decoding.readVarUint(d);
    const key = readKey(d);
    if (type == FRAME_DATA) return { type, key, data: frame.subarray(d.pos) };
    if (type == FRAME_CLOSE) return end(d, { type, key });
    if (type != FRAME_OPEN) throw new MalformedFrameError(`Unknown link frame type ${type}`);
    const address = readText(d);
    const hasTicket = decoding.readVarUint(d);
    if (hasTicket > 1) throw new MalformedFrameError("Bad ticket flag");
    return end(d, { type, key, address, ticket: hasTicket ? readText(d) : null });
  });
}

/** Decodes a frame from an owner; throws `MalformedFrameError`. `maxKeys`: more clients than the link ever had is malformed. */
export function decodeDownFrame(frame: Buffer, maxKeys: number): DownFrame {
  return decodeWith(frame, (d) => {
    const type = decoding.readVarUint(d);
    if (type == FRAME_DATA) {
      const count = decoding.readVarUint(d);
      if (count == 0 || count > maxKeys) throw new MalformedFrameError(`A message for ${count} clients`);
      const keys: number[] = [];
      for (let i = 0; i < count; i++) keys.push(readKey(d));
      return { type, keys, data: frame.subarray(d.pos) };
    }
    if (type != FRAME_CLOSE) throw new MalformedFrameError(`Unknown link frame type ${type}`);
    const key = readKey(d);
    const code = decoding.readVarUint(d);
    if (code < 1000 || code > 4999) throw new MalformedFrameError(`Close code ${code}`);
    return end(d, { type, key, code, reason: readText(d) });
  });
}

function build(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function decodeWith<T>(frame: Buffer, read: (d: decoding.Decoder) => T): T {
  try {
    return read(decoding.createDecoder(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)));
  } catch (err) {
    if (err instanceof MalformedFrameError) throw err;
    // lib0 throws plain errors (end of array, integer out of range) and TypeError on invalid UTF-8.
    throw new MalformedFrameError(`Undecodable link frame: ${(err as Error).message}`);
  }
}

function readKey(d: decoding.Decoder): number {
  const key = decoding.readVarUint(d);
  if (key < 1 || key > Number.MAX_SAFE_INTEGER) throw new MalformedFrameError(`Client key ${key}`);
  return key;
}

function readText(d: decoding.Decoder): string {
  const text = decoding.readVarString(d);
  if (text.length > MAX_LINK_TEXT) throw new MalformedFrameError("Text too long");
  return text;
}

function end<T>(d: decoding.Decoder, value: T): T {
  if (d.pos != d.arr.length) throw new MalformedFrameError("Trailing bytes");
  return value;
}
