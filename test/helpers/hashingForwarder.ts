import { createHash } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";

/** Where a forwarder sends connections: loopback ports, named for the hash ring. */
export interface Backend {
  name: string;
  port: number;
}

/** A small TCP load balancer hashing on the charter id in the path, as HAProxy is configured to. */
export interface HashingForwarder {
  port: number;
  url: string;
  wsUrl: string;
  /** Index (in the backends given) of the backend a charter's requests go to while all are up. */
  backendFor(charterId: string): number;
  /** Connections forwarded so far, per backend index. */
  counts: number[];
  close(): Promise<void>;
}

/** The charter id of `/collab/:id` and `/api/charters/:id/…`; null for any other path. */
export function charterIdOfPath(path: string): string | null {
  return /^\/(?:collab|api\/charters)\/([A-Za-z0-9-]{1,64})(?:[/?]|$)/.exec(path)?.[1] ?? null;
}

const POINTS_PER_BACKEND = 64;
const hash32 = (text: string) => createHash("sha1").update(text).digest().readUInt32BE(0);

/**
 * Consistent hashing (a ring of points per backend, as HAProxy's
 * `hash-type consistent`): a key goes to the first backend point at or after
 * its hash; when that backend refuses, to the next distinct one on the ring, so
 * that a backend's going down moves only its own charters.
 */
export class HashRing {
  private points: { at: number; index: number }[] = [];
  private readonly size: number;

  constructor(backends: Backend[]) {
    this.size = backends.length;
    backends.forEach((b, index) => {
      for (let p = 0; p < POINTS_PER_BACKEND; p++) this.points.push({ at: hash32(`${b.name}#${p}`), index });
    });
    this.points.sort((a, b) => a.at - b.at);
  }

  /** Backend indexes for a key, in the order to try them. */
  order(key: string): number[] {
    const h = hash32(key);
    let start = this.points.findIndex((p) => p.at >= h);
    if (start < 0) start = 0;
    const order: number[] = [];
    for (let i = 0; i < this.points.length && order.length < this.size; i++) {
      const index = this.points[(start + i) % this.points.length].index;
      if (!order.includes(index)) order.push(index);
    }
    return order;
  }
}

const HEAD_END = Buffer.from("\r\n\r\n");
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Starts a forwarder on a free loopback port. It reads each connection's
 * request head, picks a backend by hashing the charter id of the path (any
 * other path by the path itself), then pipes bytes both ways. Plain HTTP
 * requests get `Connection: close`, so that a client's keep-alive socket never
 * carries a request for another charter to the wrong backend.
 */
export async function startHashingForwarder(backends: Backend[]): Promise<HashingForwarder> {
  const ring = new HashRing(backends);
  const counts = backends.map(() => 0);
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(HEAD_END);
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) client.destroy();
        return;
      }
      client.off("data", onData);
      client.pause();
      const { rewritten, path } = rewriteHead(head.subarray(0, end).toString("latin1"));
      const rest = head.subarray(end + HEAD_END.length);
      const key = charterIdOfPath(path) ?? path;
      tryBackends(client, ring.order(key), Buffer.concat([Buffer.from(rewritten + "\r\n\r\n", "latin1"), rest]));
    };
    client.on("data", onData);
  });

  const tryBackends = (client: Socket, order: number[], firstBytes: Buffer) => {
    const [index, ...others] = order;
    if (index == null) return void client.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    const upstream = connect(backends[index].port, "127.0.0.1");
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      counts[index]++;
      open.add(upstream);
      upstream.on("close", () => open.delete(upstream));
      upstream.write(firstBytes);
      client.pipe(upstream).pipe(client);
      client.resume();
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    upstream.on("error", () => {
      if (!connected) return tryBackends(client, others, firstBytes);
      client.destroy();
    });
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port, counts,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    backendFor: (charterId) => ring.order(charterId)[0],
    close: () => new Promise((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The request head with `Connection: close` unless it asks for an upgrade (a WebSocket), and its path. */
function rewriteHead(head: string): { rewritten: string; path: string } {
  const [requestLine, ...headers] = head.split("\r\n");
  const target = requestLine.split(" ")[1] ?? "/";
  const path = target.split("?")[0];
  const upgrade = headers.some((h) => /^upgrade\s*:/i.test(h));
  if (upgrade) return { rewritten: head, path };
  const kept = headers.filter((h) => !/^(connection|keep-alive)\s*:/i.test(h));
  return { rewritten: [requestLine, ...kept, "Connection: close"].join("\r\n"), path };
}
