import type { IncomingMessage } from "node:http";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import type { Duplex } from "node:stream";
import { timingSafeEqual } from "node:crypto";

/** Headers an instance adds to a connection it forwards: the forwarding secret, and the client's address. */
export const FORWARDED_SECRET_HEADER = "x-charte-forwarding-secret";
export const FORWARDED_FOR_HEADER = "x-charte-forwarded-for";

/** Whether a request comes from another instance: it carries the forwarding secret. */
export function hasForwardingSecret(req: IncomingMessage, secret: string): boolean {
  const given = req.headers[FORWARDED_SECRET_HEADER];
  if (typeof given != "string") return false;
  const [a, b] = [Buffer.from(given), Buffer.from(secret)];
  return a.length == b.length && timingSafeEqual(a, b);
}

/** The client address of a connection another instance forwarded (its secret matches), or null if none did. */
export function forwardedFor(req: IncomingMessage, secret: string): string | null {
  const address = req.headers[FORWARDED_FOR_HEADER];
  return typeof address == "string" && address && hasForwardingSecret(req, secret) ? address : null;
}

/**
 * Passes collaboration connections on to the instance that owns their
 * charter, at the TCP level: the upgrade request as it came (its ticket
 * included: the owner authenticates it, on its one code path), with the
 * secret and the client's address added, then bytes both ways untouched.
 */
export class Forwarder {
  /** Pipes open now, so that closing the instance ends them. */
  private pipes = new Set<Socket | Duplex>();

  constructor(private readonly secret: string) {}

  /**
   * Forwards an upgrade to `address` (`http://host:port`): true once the
   * connection is the forward's (piped to the owner, or the client gone),
   * false if the owner cannot be reached (the client's socket untouched, to
   * be answered otherwise).
   */
  forward(req: IncomingMessage, socket: Duplex, head: Buffer, address: string, clientAddress: string): Promise<boolean> {
    return new Promise((resolve) => this.pipe(req, socket, head, address, clientAddress, resolve));
  }

  private pipe(req: IncomingMessage, socket: Duplex, head: Buffer, address: string, clientAddress: string, done: (reached: boolean) => void): void {
    // Gone while the owner was looked up: its close event has passed, nothing would ever end a pipe made now.
    if (socket.destroyed) return done(true);
    const target = new URL(address);
    const port = Number(target.port || (target.protocol == "https:" ? 443 : 80));
    const upstream = target.protocol == "https:" ? connectTls({ host: target.hostname, port, servername: target.hostname }) : connectTcp(port, target.hostname);
    let connected = false;
    const onSocketError = () => upstream.destroy();
    const onSocketClose = () => {
      this.pipes.delete(socket);
      upstream.destroy();
    };
    socket.on("error", onSocketError);
    // The owner must answer within seconds, or it is taken as unreachable.
    // (With an error: before the connection is made, only the error handler answers the client.)
    upstream.setTimeout(5000, () => upstream.destroy(new Error("The owner did not answer")));
    upstream.once(target.protocol == "https:" ? "secureConnect" : "connect", () => {
      connected = true;
      // Still the owner must answer the upgrade: one that accepts but says nothing (hung) is let go, and the client tries again.
      upstream.once("data", () => upstream.setTimeout(0));
      this.pipes.add(socket);
      this.pipes.add(upstream);
      upstream.write(requestHead(req, { [FORWARDED_SECRET_HEADER]: this.secret, [FORWARDED_FOR_HEADER]: clientAddress }));
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
      done(true);
    });
    upstream.on("error", () => {
      if (connected) return socket.destroy();
      socket.off("error", onSocketError);
      socket.off("close", onSocketClose);
      done(false);
    });
    upstream.on("close", () => {
      this.pipes.delete(upstream);
      this.pipes.delete(socket);
      if (connected) socket.destroy();
      else done(false); // the client left while the owner was being reached (an error would have said so first)
    });
    socket.on("close", onSocketClose);
  }

  /** Ends every forwarded connection (the clients reconnect). */
  close(): void {
    for (const pipe of this.pipes) pipe.destroy();
    this.pipes.clear();
  }
}

/** The request line and headers as received, without any forwarding header a client may have forged, plus `extra`. */
function requestHead(req: IncomingMessage, extra: Record<string, string>): string {
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name == FORWARDED_SECRET_HEADER || name == FORWARDED_FOR_HEADER) continue;
    lines.push(`${raw[i]}: ${raw[i + 1]}`);
  }
  for (const [name, value] of Object.entries(extra)) lines.push(`${name}: ${value}`);
  return lines.join("\r\n") + "\r\n\r\n";
}
