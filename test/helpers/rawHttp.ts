import { connect } from "node:net";

/** Sends raw bytes to a port and resolves with what came back until the peer closed (or `waitMs`). */
export function rawExchange(port: number, bytes: Buffer | string, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, waitMs);
    socket.on("data", (data) => (answer += data.toString("latin1")));
    socket.on("error", done);
    socket.on("close", done);
    socket.write(bytes);
  });
}

/** A WebSocket upgrade request for `target`, as a browser would send it (`extra`: more header lines, each ending in CRLF). */
export function upgradeRequest(target: string, extra = ""): string {
  return `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;
}

/** The status line of an HTTP answer. */
export const statusLine = (answer: string) => answer.split("\r\n", 1)[0];
