/**
 * What the hub and a `Connection` use of a client's socket: a ws `WebSocket`
 * (a client connected here), or a `LinkedSocket` (a client of another
 * instance that forwards it over a link, see `links/`).
 */
export interface CollabSocket {
  readonly readyState: number;
  readonly CONNECTING: number;
  readonly OPEN: number;
  /** True for a client another instance forwards (a `LinkedSocket`). */
  readonly forwarded?: boolean;
  /** Bytes queued for the client and not yet written out. */
  readonly bufferedAmount: number;
  /** Queues a message; `done` runs once it is written out. */
  send(data: Uint8Array, done?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  /** Events: "message" (data: Buffer, isBinary: boolean), "close", "error", "pong". */
  on(event: string, listener: (...args: any[]) => void): unknown;
}
