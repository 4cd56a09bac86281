import type { WebSocket } from "ws";

/** Sockets that answered since the last ping (false: pinged, no answer yet). */
const answered = new WeakMap<WebSocket, boolean>();

/** Counts a socket's pongs, so that `pingOrEnd` keeps it while it answers. */
export function watchPongs(ws: WebSocket): void {
  answered.set(ws, true);
  ws.on("pong", () => answered.set(ws, true));
}

/** Pings every socket, first ending those that did not answer the previous ping (a dead peer, a cut network). */
export function pingOrEnd(sockets: Iterable<WebSocket>): void {
  for (const ws of sockets) {
    if (answered.get(ws) === false) {
      ws.terminate();
      continue;
    }
    answered.set(ws, false);
    ws.ping();
  }
}
