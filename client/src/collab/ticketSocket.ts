import { CLOSE_CODES } from "../../../server/shared/collab.js";

/** Asks the API for a single-use ticket; throws an error with the HTTP `status` (0 for no answer) on failure. */
export type TicketFetcher = () => Promise<string>;

/** The WebSocket class it wraps and stands for: the browser's, or `ws` in Node tests. */
type SocketClass = typeof WebSocket;

/** HTTP answers that mean retrying is pointless, as the close codes the server would use. */
const FINAL_CODES: Record<number, number> = { 401: CLOSE_CODES.unauthorized, 403: CLOSE_CODES.forbidden, 404: CLOSE_CODES.notFound };

/**
 * A WebSocket class for y-websocket whose every connection first fetches a
 * single-use ticket, then opens the real socket with `?ticket=…`. y-websocket
 * creates one per (re)connection, so it keeps its own backoff and sync logic
 * while the access token never appears in a URL. A refused ticket (401, 403,
 * 404) closes with the matching final code; no answer closes with 1006, and
 * y-websocket tries again.
 */
export function ticketSocketClass(fetchTicket: TicketFetcher, Base: SocketClass = WebSocket): SocketClass {
  return class TicketSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    binaryType: BinaryType = "arraybuffer";
    onopen: ((event: Event) => void) | null = null;
    onmessage: ((event: MessageEvent) => void) | null = null;
    onerror: ((event: Event) => void) | null = null;
    onclose: ((event: CloseEvent) => void) | null = null;
    private socket: WebSocket | null = null;
    private state = 0;

    constructor(readonly url: string, private readonly protocols?: string | string[]) {
      fetchTicket().then((ticket) => this.open(ticket), (err: { status?: number }) => this.fail(FINAL_CODES[err?.status ?? 0] ?? 1006));
    }

    get readyState(): number {
      return this.socket && this.state != this.CLOSED ? this.socket.readyState : this.state;
    }

    get bufferedAmount(): number {
      return this.socket?.bufferedAmount ?? 0;
    }

    send(data: ArrayBufferLike | ArrayBufferView | Blob | string): void {
      if (!this.socket) throw new Error("WebSocket is not open");
      this.socket.send(data as ArrayBuffer);
    }

    close(code?: number, reason?: string): void {
      if (this.socket) this.socket.close(code, reason);
      else this.state = this.CLOSED;
    }

    private open(ticket: string): void {
      if (this.state == this.CLOSED) return; // closed while the ticket was on its way
      const url = new URL(this.url);
      url.searchParams.set("ticket", ticket);
      const socket = new Base(url.toString(), this.protocols);
      socket.binaryType = this.binaryType;
      socket.onopen = (event) => this.onopen?.(event);
      socket.onmessage = (event) => this.onmessage?.(event);
      socket.onerror = (event) => this.onerror?.(event);
      socket.onclose = (event) => {
        this.state = this.CLOSED;
        this.onclose?.(event);
      };
      this.socket = socket;
    }

    private fail(code: number): void {
      if (this.state == this.CLOSED) return;
      this.state = this.CLOSED;
      this.onclose?.({ code, reason: "Ticket refused", wasClean: false } as CloseEvent);
    }
  } as unknown as SocketClass;
}
