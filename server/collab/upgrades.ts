import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocket, WebSocketServer } from "ws";

/**
 * The target of an upgrade request, parsed; null for one that is not a plain
 * absolute path, or that the URL parser would rewrite (`//host`, dot
 * segments, `%2e`, backslashes). Those are refused rather than normalised:
 * a path the balancer's rules saw (`/x/../internal/…` does not start with
 * `/internal/`) must be the path served.
 */
export function upgradeTarget(req: IncomingMessage): { pathname: string; searchParams: URLSearchParams } | null {
  const target = req.url ?? "";
  if (!target.startsWith("/") || target.startsWith("//")) return null;
  let url: URL;
  try {
    url = new URL(target, "http://localhost");
  } catch {
    return null;
  }
  if (url.pathname != target.split(/[?#]/, 1)[0]) return null;
  return { pathname: url.pathname, searchParams: url.searchParams };
}

/**
 * Completes a WebSocket upgrade and hands the socket to `then`, with an
 * error listener attached first: ws reports a client's malformed frame (a
 * reserved opcode, a frame over the size limit) as an `error` event, which
 * with no listener would end the process, not the socket. `notAccepted`
 * runs when ws refuses the handshake itself (a bad version or key): the
 * socket then closes without `then` being called.
 */
export function acceptUpgrade(
  wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer,
  then: (ws: WebSocket) => void, notAccepted?: () => void,
): void {
  let accepted = false;
  if (notAccepted) socket.once("close", () => { if (!accepted) notAccepted(); });
  wss.handleUpgrade(req, socket, head, (ws) => {
    accepted = true;
    ws.on("error", () => ws.terminate());
    then(ws);
  });
}

/** Accepts the WebSocket only to close it at once with `code` (the client's answer is read, and dropped). */
export function closeUpgrade(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string): void {
  acceptUpgrade(wss, req, socket, head, (ws) => ws.close(code, reason));
}

/** Answers an upgrade request with a plain HTTP status, and ends the socket. */
export function refuseHttp(socket: Duplex, status: "400 Bad Request" | "404 Not Found" | "403 Forbidden" | "503 Service Unavailable", extra = ""): void {
  socket.end(`HTTP/1.1 ${status}\r\n${extra}Connection: close\r\n\r\n`);
}
