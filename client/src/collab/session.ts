import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { CLOSE_CODES, CLOSE_MESSAGES, MESSAGE_ACCESS, MESSAGE_CHANGED, MESSAGE_STORED, type ChangeTopic } from "../../../server/shared/collab.js";
import { StoredTracker } from "./storedTracker.js";
import { presenceList, type PresenceEntry } from "./presence.js";
import { userColor } from "./colors.js";
import { ticketSocketClass } from "./ticketSocket.js";
import { api } from "../api.js";

/**
 * The name of the Y.XmlFragment that holds the charter. It must equal
 * `DOCUMENT_FIELD` in server/domain/documents.ts (server code, which the
 * browser does not import).
 */
export const DOCUMENT_FIELD = "prosemirror";

/** How long after a local edit the "is it stored?" request goes (edits typed meanwhile share it). */
const STORED_REQUEST_DELAY_MS = 50;

/** Where the connection to the collaboration server stands. */
export type ConnectionState = "connecting" | "online" | "offline" | "closed";

/** What the editor page shows of a collaboration session. */
export interface CollabStatus {
  connection: ConnectionState;
  /** Whether the document is there to be shown: from this device's copy or from the server. */
  ready: boolean;
  /** Whether the server lets this connection edit; null until it said so. */
  access: boolean | null;
  /** Whether every edit made here is stored in the database. */
  stored: boolean;
  /** Why the server ended the connection for good (codes 44xx), in French. */
  closed: { code: number; message: string } | null;
  /** Edits made here that the server dropped because the user may no longer edit. */
  editsRefused: boolean;
  /** Who is in the document, this user first. */
  presence: PresenceEntry[];
}

/** Who opens the session. */
export interface CollabSessionOptions {
  charterId: string;
  user: { id: string; name: string; organisation: string | null };
  /** Whether the REST API said this user may edit (until the server's access message says otherwise). */
  canEdit: boolean;
  /** `ws(s)://host`; defaults to this page's host. */
  wsBase?: string;
}

/**
 * One person's live session on a charter: the shared Y.Doc, this device's
 * copy of it (IndexedDB, so that offline edits survive a reload), the
 * WebSocket to the collaboration server, presence, access, and whether edits
 * are stored. Framework-free; the page subscribes to its status.
 */
export class CollabSession {
  readonly doc = new Y.Doc();
  readonly fragment: Y.XmlFragment;
  readonly provider: WebsocketProvider;
  private readonly persistence: IndexeddbPersistence | null;
  private readonly tracker = new StoredTracker();
  private readonly listeners = new Set<(status: CollabStatus) => void>();
  private readonly changeListeners = new Set<(topic: ChangeTopic) => void>();
  private status: CollabStatus;
  private storeTimer: ReturnType<typeof setTimeout> | null = null;
  private everConnected = false;
  private discarded = false;
  private destroyed = false;

  constructor(private readonly options: CollabSessionOptions) {
    this.fragment = this.doc.getXmlFragment(DOCUMENT_FIELD);
    this.status = {
      connection: "connecting",
      ready: false,
      access: null,
      stored: true,
      closed: null,
      editsRefused: false,
      presence: [],
    };
    // Per user: two people sharing a browser never see each other's unsaved copy.
    this.persistence = typeof indexedDB == "undefined" ? null : new IndexeddbPersistence(`charte-${options.charterId}-${options.user.id}`, this.doc);
    this.persistence?.whenSynced.then(() => this.update({}), () => {});

    const wsBase = options.wsBase ?? location.origin.replace(/^http/, "ws");
    // Each connection opens with a single-use ticket asked for with the session's token.
    const fetchTicket = async () => (await api<{ ticket: string }>("POST", `/charters/${encodeURIComponent(options.charterId)}/collab-tickets`)).ticket;
    this.provider = new WebsocketProvider(`${wsBase}/collab`, options.charterId, this.doc, {
      WebSocketPolyfill: ticketSocketClass(fetchTicket),
      connect: navigator.onLine,
      // Each tab keeps its own connection, so that "stored" speaks for this tab's edits.
      disableBc: true,
    });
    this.provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) => {
      if (this.tracker.answered(decoding.readVarUint(decoder))) this.update({});
    };
    this.provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => this.onAccess(decoding.readVarUint(decoder) == 1);
    this.provider.messageHandlers[MESSAGE_CHANGED] = (_encoder, decoder) => {
      const topic = decoding.readVarString(decoder) as ChangeTopic;
      for (const listener of this.changeListeners) listener(topic);
    };
    this.provider.awareness.setLocalStateField("user", userColor(options.user.id));

    this.provider.on("status", this.onConnectionChange);
    this.provider.on("connection-close", this.onConnectionChange);
    this.provider.on("connection-error", this.onConnectionChange);
    this.provider.on("sync", this.onSync);
    this.provider.on("closed", this.onClosed);
    this.provider.awareness.on("change", this.onPresence);
    this.doc.on("update", this.onUpdate);
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("beforeunload", this.onBeforeUnload);
    if (!navigator.onLine) this.update({ connection: "offline" });
    this.onPresence();
  }

  /** The current status. */
  get current(): CollabStatus {
    return this.status;
  }

  /** Calls `listener` with each new status; returns the unsubscribe function. */
  subscribe(listener: (status: CollabStatus) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Calls `listener` with each topic the server says changed beside the text
   * (comments, versions, the charter's state), whoever changed it; returns the
   * unsubscribe function.
   */
  onChange(listener: (topic: ChangeTopic) => void): () => void {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  /**
   * Resolves once every edit made here is stored (at once if they are), or
   * after `timeoutMs` anyway: what is then asked of the server (a version, a
   * difference with the live text) includes the last edits whenever it can.
   */
  whenStored(timeoutMs = 5000): Promise<void> {
    if (this.status.stored || this.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.subscribe((status) => {
        if (status.stored) done();
      });
    });
  }

  /** Forgets this device's copy of the charter (after the server refused it), then stops. */
  async discardLocalCopy(): Promise<void> {
    this.discarded = true;
    this.provider.disconnect();
    await this.persistence?.clearData();
  }

  /** Leaves the document: closes the connection and this device's copy (which keeps what it holds). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.storeTimer) clearTimeout(this.storeTimer);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    window.removeEventListener("beforeunload", this.onBeforeUnload);
    this.provider.awareness.off("change", this.onPresence);
    this.doc.off("update", this.onUpdate);
    this.provider.destroy();
    this.persistence?.destroy();
    this.listeners.clear();
    this.changeListeners.clear();
    this.doc.destroy();
  }

  private update(changes: Partial<CollabStatus>): void {
    if (this.destroyed) return;
    const ready = this.status.ready || (this.fragment.length > 0 && (this.provider.synced || this.persistence?.synced === true));
    this.status = { ...this.status, ...changes, ready, stored: this.tracker.stored };
    for (const listener of this.listeners) listener(this.status);
  }

  private onUpdate = (_update: Uint8Array, origin: unknown) => {
    // Updates from the server are stored already. Everything else is this
    // device's: typing (y-prosemirror), undo, and the copy kept in IndexedDB,
    // which may hold edits the server never got (it counts as unstored until
    // the server answers after the next sync).
    if (origin === this.provider) return this.update({});
    this.tracker.edited();
    this.scheduleStoredRequest();
    this.update({});
  };

  private scheduleStoredRequest(): void {
    if (this.storeTimer) return;
    this.storeTimer = setTimeout(() => {
      this.storeTimer = null;
      this.requestStored();
    }, STORED_REQUEST_DELAY_MS);
  }

  /**
   * Asks the server to say when everything sent so far is stored. Only once
   * synced: until then, edits made offline may still be on their way (they
   * go in answer to the server's sync request), and the request sent on
   * sync covers everything.
   */
  private requestStored(): void {
    const ws = this.provider.ws;
    if (!this.provider.synced || !this.provider.wsconnected || !ws) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_STORED);
    encoding.writeVarUint(encoder, this.tracker.request());
    ws.send(encoding.toUint8Array(encoder));
  }

  private onSync = (synced: boolean) => {
    // Edits made while offline went with the sync; this request follows them.
    if (synced) this.requestStored();
    this.update({});
  };

  private onConnectionChange = () => {
    if (this.provider.wsconnected && this.status.connection != "online") {
      this.everConnected = true;
      // The server keeps the clock of a presence it removed when the connection
      // dropped, and ignores the same state sent again on reconnection: a new
      // clock makes this user reappear at once (not at the next 15 s renewal).
      const awareness = this.provider.awareness;
      awareness.setLocalState(awareness.getLocalState());
    }
    let connection: ConnectionState;
    if (this.status.closed) connection = "closed";
    else if (this.provider.wsconnected) connection = "online";
    else if (!this.everConnected && this.provider.wsconnecting && this.provider.wsUnsuccessfulReconnects == 0) connection = "connecting";
    else connection = "offline";
    if (connection != this.status.connection) this.update({ connection });
  };

  private onAccess(canEdit: boolean): void {
    // Edits sent while losing the right to edit are dropped by the server, which still answers "stored".
    const refused = this.status.access !== false && !canEdit && !this.tracker.stored;
    this.update({ access: canEdit, editsRefused: this.status.editsRefused || refused });
    this.onPresence();
  }

  private onClosed = (event: { code: number; reason: string }) => {
    const message = CLOSE_MESSAGES[event.code] ?? "La connexion à la charte a été fermée par le serveur.";
    // Gone for good: this device's copy must not linger (nor be pushed again).
    if (event.code == CLOSE_CODES.forbidden || event.code == CLOSE_CODES.notFound) this.persistence?.clearData().catch(() => {});
    this.update({ closed: { code: event.code, message }, connection: "closed" });
  };

  private onPresence = () => {
    const { user } = this.options;
    const canEdit = this.status.access ?? this.options.canEdit;
    const self: PresenceEntry = {
      userId: user.id,
      name: user.name,
      organisation: user.organisation,
      color: userColor(user.id).color,
      mode: canEdit ? "editing" : "reading",
      self: true,
    };
    const states = new Map(this.provider.awareness.getStates());
    states.delete(this.doc.clientID);
    this.update({ presence: presenceList(states, self) });
  };

  private onOnline = () => {
    if (!this.status.closed) this.provider.connect();
  };

  private onOffline = () => {
    // The browser knows before the socket does (which may take 30 s to time out).
    this.provider.disconnect();
    this.update({ connection: this.status.closed ? "closed" : "offline" });
  };

  private onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.tracker.stored || this.discarded) return;
    event.preventDefault();
    // Older browsers need returnValue set to show their (generic) warning.
    event.returnValue = "";
  };
}
