import { WebSocket } from "ws";
import * as encoding from "lib0/encoding";
import { collabUrl, type CollabServer } from "./collab.js";
import { MESSAGE_AWARENESS, MESSAGE_STORED, MESSAGE_SYNC } from "../../server/shared/collab.js";

/**
 * A bare collaboration socket that sends exactly what a test (or an
 * attacker) writes, and can stop reading: no y-websocket behind it.
 */
export class RawCollabSocket {
  readonly received: Buffer[] = [];
  /** The close code, once closed. */
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => this.received.push(data));
    ws.on("error", () => {});
    this.closed = new Promise((resolve) => ws.once("close", (code) => resolve(code)));
  }

  /** Opens a socket with a fresh ticket and waits until it is open. */
  static async open(server: CollabServer, charterId: string, token: string): Promise<RawCollabSocket> {
    const socket = new RawCollabSocket(new WebSocket(await collabUrl(server, charterId, token), { perMessageDeflate: false }));
    await new Promise((resolve, reject) => {
      socket.ws.once("open", resolve);
      socket.ws.once("close", (code) => reject(new Error(`closed with ${code} before opening`)));
    });
    return socket;
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState == this.ws.OPEN) this.ws.send(message);
  }

  /** Stops reading from the socket, as a client that never reads would. */
  stopReading(): void {
    this.ws.pause();
  }

  resumeReading(): void {
    this.ws.resume();
  }

  close(): void {
    this.ws.terminate();
  }
}

/** y-websocket's sync step 1 with an empty state vector: four bytes that ask for the whole document. */
export const SYNC_STEP1_EMPTY = new Uint8Array([MESSAGE_SYNC, 0, 1, 0]);

/** A y-websocket sync message: step 1 (0, a state vector), step 2 (1) or update (2), with its payload. */
export const syncMessage = (kind: 0 | 1 | 2, payload: Uint8Array) =>
  frameOf((e) => { encoding.writeVarUint(e, MESSAGE_SYNC); encoding.writeVarUint(e, kind); encoding.writeVarUint8Array(e, payload); });

/** Charte's "is it stored?" request. */
export const storedRequest = (seq: number) => frameOf((e) => { encoding.writeVarUint(e, MESSAGE_STORED); encoding.writeVarUint(e, seq); });

/** A presence message announcing `states` (client id → state). */
export function awarenessMessage(states: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, states.length);
  for (const [clientId, clock, state] of states) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  return frameOf((e) => { encoding.writeVarUint(e, MESSAGE_AWARENESS); encoding.writeVarUint8Array(e, encoding.toUint8Array(inner)); });
}

function frameOf(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** Milliseconds `work` takes. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The median of `runs` timings of `work`: a usual time to compare an attack's against. */
export async function usualTime(work: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(work));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
