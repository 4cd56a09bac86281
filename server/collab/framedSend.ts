import type { Socket } from "node:net";
import * as wsModule from "ws";
import { WebSocket } from "ws";

/** ws's own framing (exported by ws, not declared by @types/ws). */
const { Sender } = wsModule as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[] };
};

/**
 * Sends a binary message to a client's WebSocket as one ready-made frame,
 * written straight to its TCP socket: a room relays one message object to
 * every connection, so the frame is made once for all of them (the last one
 * made is kept), and each socket gets a single write. `ws.send` would frame
 * it again for each socket, and write header and payload as two buffers
 * (a corked pair, then `writev`): at 200 connections, relaying is most of
 * the server's CPU.
 *
 * Only for what ws itself would write at once: a server-side socket, open,
 * without compression (its sender then never queues: pings and the close
 * frame go straight to the socket too, so frames never interleave). Anything
 * else, a `LinkedSocket` included, goes through its own `send`.
 */
export function sendFramed(ws: FramedTarget, message: Uint8Array, done?: (err?: Error) => void): void {
  const socket = ws instanceof WebSocket ? writableSocket(ws) : null;
  if (!socket) return ws.send(message, done);
  if (done) socket.write(frameOf(message), (err) => done(err ?? undefined));
  else socket.write(frameOf(message));
}

/** Anything `sendFramed` may be given: a ws `WebSocket`, or another socket with a `send` of its own. */
export interface FramedTarget {
  send(data: Uint8Array, done?: (err?: Error) => void): void;
}

let lastMessage: Uint8Array | null = null;
let lastFrame: Buffer | null = null;

function frameOf(message: Uint8Array): Buffer {
  if (message === lastMessage) return lastFrame!;
  const payload = Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const [header, data] = Sender.frame(payload, { fin: true, rsv1: false, opcode: 2, mask: false, readOnly: false });
  lastMessage = message;
  lastFrame = data ? Buffer.concat([header, data]) : header;
  return lastFrame;
}

/** The TCP socket of a server-side WebSocket that ws would write a binary frame to at once; null otherwise. */
function writableSocket(ws: WebSocket): Socket | null {
  const internals = ws as unknown as { _socket?: Socket; _isServer?: boolean; _sender?: { _state?: number } };
  // The sender's state is 0 unless it waits for compression or a Blob: then it queues, and a frame written now would jump the queue.
  if (ws.readyState != WebSocket.OPEN || !internals._isServer || ws.extensions != "" || internals._sender?._state !== 0) return null;
  const socket = internals._socket;
  return socket && !socket.destroyed && socket.writable ? socket : null;
}
