import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Knex } from "knex";
import * as Y from "yjs";
import { WebSocketServer } from "ws";
import type { Services } from "../services.js";
import { getCharter } from "../store/charters.js";
import { getSession } from "../store/sessions.js";
import { getUser } from "../store/users.js";
import { getMembership } from "../store/memberships.js";
import { getOrganisation } from "../store/organisations.js";
import { can } from "../domain/policy.js";
import { HttpError } from "../http/errors.js";
import * as encoding from "lib0/encoding";
import { CHANGE_TOPICS, CLOSE_CODES, MAX_MESSAGE_BYTES, MESSAGE_CHANGED, type ChangeTopic } from "../shared/collab.js";
import { InvalidDocumentError } from "../shared/validate.js";
import { frame, Room } from "./room.js";
import { broadcast } from "./broadcast.js";
import { Connection, LimitError, ProtocolError, type Participant } from "./connection.js";
import { collabTicketUsable, redeemCollabTicket } from "./tickets.js";
import { ConnectionCounter } from "./connectionCounter.js";
import { clientAddress, proxyTrust, type ProxyTrust } from "../http/proxyTrust.js";
import { UpdateStore } from "./updateStore.js";
import { MalformedUpdateError, validateUpdate } from "./updateValidator.js";
import { updateFacts } from "./updateFacts.js";
import { claimClients, ForeignClientError, markRecovering, recordClaims, type ClientClaim } from "./clientOwnership.js";
import { dropPendingLeftovers } from "./pendingLeftovers.js";
import { checkpointSaver } from "../domain/versions/versionSaver.js";
import { readStoredYDoc, syncCharterTitle } from "../domain/documents.js";
import { recheckRoom } from "./recheck.js";
import { ForwardingLink, ForwardingLinks } from "./links/forwardingLinks.js";
import { OwnerLinks } from "./links/ownerLinks.js";
import type { LinkedSocket } from "./links/linkedSocket.js";
import type { CollabSocket } from "./collabSocket.js";
import { pingOrEnd, watchPongs } from "./heartbeat.js";
import { acceptUpgrade, closeUpgrade, refuseHttp, upgradeTarget } from "./upgrades.js";
import { handleRemoteChange, sendRemoteChange, type RemoteChangeOutcome } from "./remoteChanges.js";
import { documentChangeMaker, type DocumentChange } from "./documentChanges.js";
import type { ServerResponse } from "node:http";
import { createOwnership, fenceOrThrow, LeaseLostError, OwnedElsewhereError, type Claim, type LeaseHold, type LostLeases, type Ownership } from "./ownership/index.js";

/** Tuning of the collaboration server. */
export interface HubOptions {
  /** How often open connections' permissions are checked again, besides on change events. */
  recheckIntervalMs: number;
  /** Stored updates after which a room's log is compacted into one state. */
  compactEvery: number;
  /** Group-commit delay for document updates. */
  storeDelayMs: number;
  /** Interval of WebSocket pings; a connection that misses one is dropped. */
  pingIntervalMs: number;
}

const DEFAULTS: HubOptions = { recheckIntervalMs: 5000, compactEvery: 1000, storeDelayMs: 30, pingIntervalMs: 30000 };

/** Transaction origin of changes the server makes itself. */
const SERVER_CHANGE = Symbol("server change");

const randomClientId = () => Math.floor(Math.random() * 0xffffffff) >>> 0;

const COLLAB_PATH = /^\/collab\/([A-Za-z0-9-]{1,64})$/;

/** How often a connection waiting for an unreachable owner's lease tries to claim it, and how long past LIVENESS_TIMEOUT_MS it waits. */
const CLAIM_RETRY_MS = 100;
const OWNER_GONE_LEEWAY_MS = 1000;

/**
 * The collaboration server: y-websocket protocol on `/collab/:charterId`,
 * with the token as the `token` query parameter. It authenticates and
 * authorizes with the same policy as REST, validates every update against
 * the charter schema, stores it (group commit) before saying it is stored,
 * compacts the log, and unloads a charter when its last client leaves.
 *
 * With several instances on one PostgreSQL, it serves a charter only under
 * its lease (`ownership/`): every write is fenced by the lease's epoch, and a
 * lost lease drops the room and closes its sockets (1013) so that clients
 * reconnect and resend what was not stored.
 */
export class CollabHub {
  private rooms = new Map<string, Room>();
  private loading = new Map<string, Promise<Room>>();
  private wss: WebSocketServer;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  /** Unloads under way: closing waits for them, so that none outlives the database. */
  private unloads = new Set<Promise<void>>();
  /** Open sockets per client address (from the upgrade on) and per user (once known). */
  private perAddress = new ConnectionCounter();
  private perUser = new ConnectionCounter();
  readonly store: UpdateStore;
  readonly options: HubOptions;
  /** Which charters this instance serves (on SQLite: all of them). */
  readonly ownership: Ownership;
  /** Upgrades claiming and connections being authorized, per charter: a claim they may still use is not released under them. */
  private arriving = new Map<string, number>();
  /** Which peers' X-Forwarded-For names the client (`TRUST_PROXY`), as for REST. */
  private trust: ProxyTrust;
  /** Passes connections for charters owned by other instances on to them, over one link per owner and charter… */
  private forwarding: ForwardingLinks;
  /** …and serves those other instances forward here. */
  private ownerLinks: OwnerLinks;

  constructor(private services: Services, options: Partial<HubOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.ownership = createOwnership(services.db, services.config);
    this.ownership.onLost((lost) => this.letGo(lost));
    this.store = new UpdateStore(services.db, this.options.storeDelayMs, this.ownership);
    this.trust = proxyTrust(services.config.trustProxy);
    const { forwardingSecret, linkMaxBufferedBytes, linkIdleMs, linkPingIntervalMs } = services.config.cluster;
    // Links are pinged more often than clients: a hung owner's link goes, and its clients move, sooner.
    const pingIntervalMs = Math.min(this.options.pingIntervalMs, linkPingIntervalMs);
    this.forwarding = new ForwardingLinks(forwardingSecret, { maxBufferedBytes: services.config.collab.maxBufferedBytes, idleMs: linkIdleMs, maxLinkBufferedBytes: linkMaxBufferedBytes, pingIntervalMs });
    this.ownerLinks = new OwnerLinks(forwardingSecret, { maxBufferedBytes: linkMaxBufferedBytes, pingIntervalMs }, (socket, charterId, ticket, address) => void this.acceptLinked(socket, charterId, ticket, address));
    // Frames up to 4× the limit are read so that the limit can be refused with a
    // final close code (4413); beyond, ws itself closes with 1009.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_MESSAGE_BYTES, perMessageDeflate: false });
    const { events } = services;
    events.on("membership-changed", ({ charterId }) => this.recheck(charterId));
    events.on("charter-changed", ({ charterId }) => {
      this.recheck(charterId);
      this.announce(charterId, "charter");
    });
    events.on("topic-changed", ({ charterId, topic }) => this.announce(charterId, topic));
    events.on("session-ended", ({ sessionId }) => {
      for (const room of this.rooms.values())
        for (const conn of room.connections) if (conn.participant.sessionId == sessionId) conn.close(CLOSE_CODES.unauthorized, "Session ended");
    });
    // Deleted through another instance (here, the command closed it before deleting).
    events.on("charter-deleted", ({ charterId }) => { this.closeCharter(charterId).catch((err) => console.error(`Could not close deleted charter ${charterId}:`, err)); });
    events.on("events-missed", () => this.refreshAll());
    this.timers.push(setInterval(() => { for (const id of this.rooms.keys()) this.recheck(id); }, this.options.recheckIntervalMs));
    this.timers.push(setInterval(() => this.ping(), this.options.pingIntervalMs));
    for (const timer of this.timers) timer.unref();
  }

  /**
   * Takes over WebSocket upgrades on `/collab/…` of an HTTP server, and once
   * it listens starts the ownership (its address is where others forward to).
   */
  attach(server: Server): void {
    server.once("listening", () => {
      const address = server.address();
      const internal = this.services.config.cluster.internalUrl ?? `http://127.0.0.1:${typeof address == "object" && address ? address.port : this.services.config.port}`;
      this.ownership.start(internal).catch((err) => console.error(`Charter ownership could not start (collaboration connections will be refused until PostgreSQL answers): ${(err as Error).message}`));
    });
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Stopping: a connection arriving on a kept-alive socket is sent elsewhere (the balancer retries; y-websocket does too).
      if (this.closed) return refuseHttp(socket, "503 Service Unavailable", "Retry-After: 1\r\n");
      const url = upgradeTarget(req);
      if (!url) return refuseHttp(socket, "400 Bad Request");
      const match = COLLAB_PATH.exec(url.pathname);
      if (!match && this.ownerLinks.handleUpgrade(req, socket, head, url.pathname)) return;
      if (!match) return refuseHttp(socket, "404 Not Found");
      this.upgrade(req, socket, head, match[1], url.searchParams.get("ticket")).catch((err) => {
        // Whatever went wrong, it ends this request, never the process.
        console.error(`Charter ${match[1]}: a connection could not be handled:`, err);
        socket.destroy();
      });
    });
  }

  /**
   * Serves a connection here if this instance owns (or can claim) the
   * charter; else forwards it to its owner, over this instance's link for
   * that charter (see `links/` and `acceptLinked`: a forwarded connection is
   * never forwarded again).
   *
   * An owner that cannot be reached (a crashed process's port refuses at
   * once) is usually gone: its liveness session ends within moments (at most
   * LIVENESS_TIMEOUT_MS for a hung one), and the claim then succeeds. The
   * client's upgrade waits for that here, trying to claim again, rather than
   * being told 1013 at once: each retry of a client costs it a ticket (30 a
   * minute), and a crowd retrying every few hundred milliseconds until the
   * lease frees would run out of them (HTTP 429) and stay out for a minute.
   */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, charterId: string, ticket: string | null): Promise<void> {
    if (this.closed) return closeUpgrade(this.wss, req, socket, head, CLOSE_CODES.serviceRestart, "Server restarting");
    const address = clientAddress(req, this.trust);
    // Until ws (or a link) takes the socket over, an error on it (the client gone while we claim) is ours to handle.
    const onError = () => socket.destroy();
    socket.on("error", onError);
    // Without a usable ticket, nothing is claimed nor forwarded for it: refused here, as its owner would refuse it.
    if (!this.rooms.has(charterId) && !(await this.ticketMayOpen(ticket, charterId))) {
      if (socket.destroyed) return;
      socket.off("error", onError);
      return closeUpgrade(this.wss, req, socket, head, CLOSE_CODES.unauthorized, closeReason(CLOSE_CODES.unauthorized));
    }
    const deadline = performance.now() + this.services.config.cluster.livenessTimeoutMs + OWNER_GONE_LEEWAY_MS;
    const unreachable = new Set<string>();
    // While it claims, this upgrade counts as arriving: another's release (its client gone) does not let the charter go under it.
    this.arrive(charterId);
    let letGo = false;
    try {
      for (let attempt = 0; ; attempt++) {
        if (attempt) await new Promise((resolve) => setTimeout(resolve, CLAIM_RETRY_MS));
        const claim = await this.placeOrNull(charterId);
        // A claim made for a client that went away meanwhile, or that ws refuses (a bad handshake), is let go: no room would renew it for anyone.
        if (socket.destroyed) return void (letGo = true);
        if (claim && claim.kind != "elsewhere") {
          socket.off("error", onError);
          return acceptUpgrade(this.wss, req, socket, head, (ws) => {
            watchPongs(ws);
            void this.onConnection(ws, charterId, ticket, address);
          }, () => this.releaseUnused(charterId));
        }
        const waitMore = !this.closed && performance.now() < deadline;
        if (claim && claim.address && !unreachable.has(claim.address) && !this.closed) {
          const link = await this.forwarding.linkTo(claim.address, charterId);
          if (socket.destroyed) return;
          if (link instanceof ForwardingLink) {
            socket.off("error", onError);
            return acceptUpgrade(this.wss, req, socket, head, (ws) => link.attach(ws, address, ticket));
          }
          // A live owner that refuses this instance's links (logged): no use waiting for another.
          if (link == "refused" && !this.closed) {
            socket.off("error", onError);
            return this.refuseUpgrade(req, socket, head, "No instance can serve this charter now");
          }
          if (claim.instanceId && !this.closed) console.warn(`Charter ${charterId}: its owner ${claim.instanceId} cannot be reached at ${claim.address}; waiting for its liveness session to end`);
          unreachable.add(claim.address);
        }
        if (!waitMore || this.closed) {
          socket.off("error", onError);
          // Stopping meanwhile (its link still opening, say): the client hears so, and reconnects to another instance.
          if (this.closed) return closeUpgrade(this.wss, req, socket, head, CLOSE_CODES.serviceRestart, "Server restarting");
          return this.refuseUpgrade(req, socket, head, "No instance can serve this charter now");
        }
      }
    } finally {
      this.depart(charterId);
      if (letGo) this.releaseUnused(charterId);
    }
  }

  /** Whether a ticket could open the charter (not using it); true when the database cannot say (the owner checks it anyway). */
  private async ticketMayOpen(ticket: string | null, charterId: string): Promise<boolean> {
    try {
      return await collabTicketUsable(this.services, ticket, charterId);
    } catch (err) {
      console.error(`Charter ${charterId}: could not check a ticket before claiming:`, (err as Error).message);
      return true;
    }
  }

  /** Accepts the WebSocket only to close it with 1013, which y-websocket answers by connecting again. */
  private refuseUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, reason: string): void {
    closeUpgrade(this.wss, req, socket, head, CLOSE_CODES.tryAgain, reason);
  }

  /** `placeOf`, or null when the database cannot say now (logged): the caller waits or refuses. */
  private async placeOrNull(charterId: string): Promise<Claim | null> {
    try {
      return await this.placeOf(charterId);
    } catch (err) {
      console.error(`Charter ${charterId}: could not claim it:`, (err as Error).message);
      return null;
    }
  }

  /** Whether this instance serves a charter: it is loaded here, held here, or claimed now. */
  private async placeOf(charterId: string): Promise<Claim> {
    if (this.rooms.has(charterId) || this.loading.has(charterId)) return { kind: "owned", epoch: this.rooms.get(charterId)?.epoch ?? 0 };
    const held = this.ownership.heldEpoch(charterId);
    if (held != null) return { kind: "owned", epoch: held };
    return this.claim(charterId);
  }

  /**
   * Claims a charter's lease. Taken here, or held by an instance at another
   * address: this instance's links for it to any other owner (a hung one,
   * whose lease ended) are ended, and their clients told 1013 at once
   * rather than when the links' pings time out.
   */
  private async claim(charterId: string): Promise<Claim> {
    const claim = await this.ownership.claim(charterId);
    if (claim.kind == "owned") this.forwarding.moved(charterId, null);
    else if (claim.kind == "elsewhere") this.forwarding.moved(charterId, claim.address);
    return claim;
  }

  /** The live draft of a charter, if someone has it open. */
  liveDoc(charterId: string): Y.Doc | null {
    return this.rooms.get(charterId)?.doc ?? null;
  }

  /**
   * Changes a draft on behalf of a user, as the server: under a Yjs client id
   * of its own credited to that user, broadcast to everyone connected, and
   * stored before this resolves.
   */
  async changeDocument(charterId: string, userId: string, change: DocumentChange): Promise<void> {
    // Stopping: nothing more would be stored (a balancer sends the retry to another instance).
    if (this.closed) throw Object.assign(new HttpError(503, "server_restarting", "Le serveur redémarre : réessayez dans un instant."), { retryAfter: 1 });
    const make = documentChangeMaker(change);
    const moving = () => Object.assign(new HttpError(503, "charter_moving", "La charte change de serveur : réessayez dans un instant."), { retryAfter: 1 });
    // Served by another instance: the change goes to it. A few tries, should it let the charter go meanwhile.
    for (let attempt = 0; ; attempt++) {
      let room: Room;
      try {
        room = await this.room(charterId);
      } catch (err) {
        if (!(err instanceof OwnedElsewhereError)) throw err;
        let outcome: RemoteChangeOutcome;
        try {
          outcome = await sendRemoteChange(err.owner.address, this.services.config.cluster.forwardingSecret, charterId, userId, change);
        } catch (sendError) {
          // The owner cannot be reached (crashed a moment ago, say): the caller tries again, by then a new owner serves it.
          console.error(`Charter ${charterId}: a change could not be sent to its owner ${err.owner.instanceId}:`, (sendError as Error).message);
          throw moving();
        }
        if (outcome == "applied") return;
        if (attempt >= 2) throw moving();
        continue;
      }
      try {
        return await this.changeHere(room, userId, make);
      } catch (err) {
        // The charter moved while the change was being stored: it was not, and the caller may try again.
        if (err instanceof LeaseLostError) throw moving();
        throw err;
      }
    }
  }

  /**
   * Answers the internal requests other instances send for changes to
   * charters owned here (see `remoteChanges.ts`); false for any other request.
   */
  handleInternalRequest(req: IncomingMessage, res: ServerResponse): boolean {
    return handleRemoteChange(req, res, this.services.config.cluster.forwardingSecret, (charterId, userId, change) => this.applyRemoteChange(charterId, userId, change));
  }

  /** A change another instance asks for a charter it believed owned here: made, stored and broadcast as this server's own. */
  private async applyRemoteChange(charterId: string, userId: string, change: unknown): Promise<RemoteChangeOutcome> {
    const make = documentChangeMaker(change);
    if (this.closed) return "not-owner";
    const place = await this.placeOf(charterId);
    if (place.kind != "owned") return "not-owner";
    let room: Room;
    try {
      room = await this.room(charterId);
    } catch (err) {
      if (err instanceof OwnedElsewhereError || err instanceof LeaseLostError) return "not-owner";
      throw err;
    }
    try {
      await this.changeHere(room, userId, make);
    } catch (err) {
      // Lost while it was being stored: not stored, and the sender tries again where the charter went.
      if (err instanceof LeaseLostError) return "not-owner";
      throw err;
    }
    return "applied";
  }

  /** `changeDocument` on a room this instance serves. */
  private async changeHere(room: Room, userId: string, change: (doc: Y.Doc) => void): Promise<void> {
    const charterId = room.charterId;
    const doc = room.doc;
    const updates: Uint8Array[] = [];
    const capture = (update: Uint8Array, origin: unknown) => { if (origin == SERVER_CHANGE) updates.push(update); };
    const previousClient = doc.clientID;
    // A fresh client id per change, so authorship can name who made it.
    doc.clientID = randomClientId();
    doc.on("update", capture);
    try {
      doc.transact(() => change(doc), SERVER_CHANGE);
    } finally {
      doc.off("update", capture);
      const client = doc.clientID;
      doc.clientID = previousClient;
      room.clientOwners.set(client, { userId, sure: true });
      const stored = updates.map((update) => {
        const facts = updateFacts(new Y.Doc(), Y.decodeUpdate(update));
        return this.store.store(charterId, update, userId, { newClients: [{ client, sure: true }], deletions: facts.deletions }, room.epoch);
      });
      await Promise.all(stored);
      this.maybeUnload(room);
    }
  }

  /**
   * Closes every connection to a charter being deleted (4404) and drops its
   * room without a checkpoint or compaction: what was queued is written first,
   * so that nothing of it is written after the charter's rows are gone. New
   * connections to it are refused from now on.
   */
  async closeCharter(charterId: string): Promise<void> {
    this.deleted.add(charterId);
    const room = this.rooms.get(charterId) ?? (await this.loading.get(charterId)?.catch(() => null)) ?? null;
    if (room) {
      for (const conn of room.connections) conn.close(CLOSE_CODES.notFound, "Charter deleted");
      room.connections.clear();
      room.changed = false;
      room.storedSinceCompaction = 0;
      if (this.rooms.get(charterId) == room) this.rooms.delete(charterId);
      room.destroy();
    }
    await Promise.all(this.unloads);
    await this.store.flush();
  }

  /** Charters deleted while the server runs: connections to them are refused at once. */
  private deleted = new Set<string>();

  /** Charters currently in memory. */
  get loadedCharters(): string[] {
    return [...this.rooms.keys()];
  }

  /**
   * A client another instance forwards over a link: served here if this
   * instance owns (or can claim) the charter, as a connection made here; else
   * closed with 1013 (a forwarded connection is never forwarded again).
   */
  private async acceptLinked(socket: LinkedSocket, charterId: string, ticket: string | null, address: string): Promise<void> {
    if (this.closed) return socket.close(CLOSE_CODES.serviceRestart, "Server restarting");
    const claim = await this.placeOrNull(charterId);
    if (socket.readyState != socket.OPEN) return this.releaseUnused(charterId);
    if (!claim || claim.kind == "elsewhere") return socket.close(CLOSE_CODES.tryAgain, "No instance can serve this charter now");
    void this.onConnection(socket, charterId, ticket, address);
    // It listens now: what the client sent meanwhile is read, in order.
    socket.resume();
  }

  private async onConnection(ws: CollabSocket, charterId: string, ticket: string | null, address: string): Promise<void> {
    const limits = this.services.config.collab;
    // Messages may arrive while we authenticate: keep them, in order (within the limits).
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    let conn: Connection | null = null;
    let userId: string | null = null;
    let addressCounted = false;
    // A socket that says nothing (y-websocket asks to sync at once) only holds a slot.
    const silence = setTimeout(() => ws.close(CLOSE_CODES.tooSlow, "Nothing received"), limits.firstMessageTimeoutMs);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      clearTimeout(silence);
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (!isBinary) return void ws.close(CLOSE_CODES.badMessage, "Binary messages only");
      if (conn) return this.onMessage(conn, bytes);
      earlyBytes += bytes.byteLength;
      if (early.length >= 100 || earlyBytes > 2 * MAX_MESSAGE_BYTES) return void ws.close(CLOSE_CODES.rateLimited, "Too many messages before authentication");
      early.push(bytes);
    });
    ws.on("close", () => {
      clearTimeout(silence);
      if (addressCounted) this.perAddress.release(address);
      if (userId) this.perUser.release(userId);
      if (conn) this.leave(conn);
      else this.releaseUnused(charterId);
    });
    ws.on("error", () => ws.terminate());
    addressCounted = this.perAddress.acquire(address, limits.maxConnectionsPerAddress);
    if (!addressCounted) return void ws.close(CLOSE_CODES.rateLimited, "Too many connections from this address");

    this.arrive(charterId);
    try {
      const participant = await this.authorize(charterId, ticket);
      if (typeof participant == "number") return void ws.close(participant, closeReason(participant));
      if (ws.readyState != ws.OPEN) return;
      if (!this.perUser.acquire(participant.userId, limits.maxConnectionsPerUser)) return void ws.close(CLOSE_CODES.rateLimited, "Too many connections for this user");
      userId = participant.userId;
      if (this.closed) return void ws.close(CLOSE_CODES.serviceRestart, "Server restarting");
      const room = await this.room(charterId);
      if (ws.readyState != ws.OPEN) return this.maybeUnload(room);
      conn = new Connection(ws, room, participant, limits, (c, update) => this.acceptUpdate(c, update));
      room.connections.add(conn);
      conn.start();
      for (const message of early.splice(0)) this.onMessage(conn, message);
    } catch (err) {
      if (err instanceof LeaseLostError || err instanceof OwnedElsewhereError) return void ws.close(CLOSE_CODES.tryAgain, "Charter moved to another instance");
      if (this.closed) return void ws.close(CLOSE_CODES.serviceRestart, "Server restarting");
      console.error("Collaboration connection failed:", err);
      ws.close(1011, "Server error");
    } finally {
      this.depart(charterId);
    }
  }

  private arrive(charterId: string): void {
    this.arriving.set(charterId, (this.arriving.get(charterId) ?? 0) + 1);
  }

  private depart(charterId: string): void {
    const left = (this.arriving.get(charterId) ?? 1) - 1;
    if (left) this.arriving.set(charterId, left);
    else this.arriving.delete(charterId);
  }

  /** A claim no connection came to use (refused, or gone before it joined): the charter is let go. */
  private releaseUnused(charterId: string): void {
    if (this.rooms.has(charterId) || this.loading.has(charterId) || this.arriving.has(charterId) || this.closed) return;
    const epoch = this.ownership.heldEpoch(charterId);
    if (epoch != null && this.ownership.fences) this.ownership.release({ charterId, epoch }).catch((err) => console.error(`Charter ${charterId}: could not release its lease:`, (err as Error).message));
  }

  /** The participant, or the close code that refuses the connection. */
  private async authorize(charterId: string, ticket: string | null): Promise<Participant | number> {
    const { db } = this.services;
    if (this.deleted.has(charterId)) return CLOSE_CODES.notFound;
    const holder = await redeemCollabTicket(this.services, ticket, charterId);
    if (!holder) return CLOSE_CODES.unauthorized;
    const session = await getSession(db, holder.sessionId);
    if (!session || session.revoked_at || session.expires_at <= new Date().toISOString()) return CLOSE_CODES.unauthorized;
    const user = await getUser(db, holder.userId);
    if (!user) return CLOSE_CODES.unauthorized;
    const charter = await getCharter(db, charterId);
    if (!charter) return CLOSE_CODES.notFound;
    const membership = await getMembership(db, charterId, user.id);
    if (!membership || !can({ state: charter.state, role: membership.role }, "document:read")) return CLOSE_CODES.forbidden;
    const org = membership.organisation_id ? await getOrganisation(db, membership.organisation_id) : undefined;
    return {
      userId: user.id,
      sessionId: session.id,
      name: user.name,
      organisation: org?.name ?? null,
      role: membership.role,
      canEdit: can({ state: charter.state, role: membership.role }, "document:edit"),
    };
  }

  private onMessage(conn: Connection, data: Uint8Array): void {
    if (conn.closedWith != null) return; // refused already: read nothing more from it
    if (data.byteLength > MAX_MESSAGE_BYTES) return conn.close(CLOSE_CODES.tooLarge, "Message too large");
    try {
      conn.handle(data);
    } catch (err) {
      if (err instanceof LimitError) conn.close(err.code, err.message);
      else if (err instanceof InvalidDocumentError) conn.close(CLOSE_CODES.invalidDocument, "Update breaks the charter schema");
      else if (err instanceof ProtocolError || err instanceof MalformedUpdateError || isDecodingError(err)) conn.close(CLOSE_CODES.badMessage, "Malformed message");
      else {
        console.error("Collaboration message failed:", err);
        conn.close(CLOSE_CODES.badMessage, "Message could not be handled");
      }
    }
  }

  /** Validates, applies and queues an editor's update; resolves when it is stored. */
  private acceptUpdate(conn: Connection, update: Uint8Array): Promise<void> | null {
    if (isEmptyUpdate(update)) return null;
    const room = conn.room;
    const userId = conn.participant.userId;
    const facts = validateUpdate(room.doc, update);
    let newClients: ClientClaim[];
    try {
      newClients = claimClients(room, conn, facts.clients);
    } catch (err) {
      if (!(err instanceof ForeignClientError)) throw err;
      conn.close(CLOSE_CODES.foreignClient, "Update written under another user's client id");
      return null;
    }
    Y.applyUpdate(room.doc, update, conn);
    recordClaims(room, userId, newClients);
    const stored = this.store.store(room.charterId, update, userId, { newClients, deletions: facts.deletions }, room.epoch);
    stored.then(() => {
      if (++room.storedSinceCompaction >= this.options.compactEvery) this.compact(room);
    }, () => {});
    return stored;
  }

  /** Replaces the room's stored log by its current state (queued after every update applied so far). */
  compact(room: Room): Promise<void> {
    room.storedSinceCompaction = 0;
    return this.store.compact(room.charterId, Y.encodeStateAsUpdate(room.doc), room.epoch);
  }

  private async room(charterId: string): Promise<Room> {
    const existing = this.rooms.get(charterId);
    if (existing) return existing;
    let loading = this.loading.get(charterId);
    if (!loading) {
      loading = this.load(charterId);
      this.loading.set(charterId, loading);
      loading.finally(() => this.loading.delete(charterId)).catch(() => {});
    }
    return loading;
  }

  /** Loads a charter this instance owns (claiming it if need be) from its stored log. */
  private async load(charterId: string): Promise<Room> {
    const epoch = this.ownership.heldEpoch(charterId) ?? (await this.claimHere(charterId));
    // Listed before the log is read: the rows a compaction of this state may delete are these, no others.
    const rowIds = (await this.services.db("charter_updates").where({ charter_id: charterId }).pluck("id")).map(Number);
    const { doc, updates } = await readStoredYDoc(this.services.db, charterId);
    const dropped = dropPendingLeftovers(doc);
    if (dropped) console.warn(`Charter ${charterId}: dropped stored updates whose dependencies never came (compacting them away)`);
    const room = new Room(charterId, doc, this.services.config.collab.presenceIntervalMs, epoch);
    const owners = await this.services.db("charter_clients").where({ charter_id: charterId }).select("client_id", "user_id", "sure");
    for (const { client_id, user_id, sure } of owners) room.clientOwners.set(Number(client_id), { userId: user_id, sure: !!sure });
    // More than one row means the previous server stopped with the charter open: peers may hand back what it lost,
    // for a while kept with the lease (the log that shows it is compacted at once, below).
    const recoveryMs = await this.ownership.recovery({ charterId, epoch }, updates > 1 ? this.services.config.collab.recoveryRelayMs : 0);
    if (recoveryMs > 0) markRecovering(room, recoveryMs);
    // Lost while loading: whoever holds it now serves it.
    if (this.ownership.heldEpoch(charterId) != epoch) {
      room.destroy();
      throw new LeaseLostError({ charterId, epoch });
    }
    this.store.loaded(charterId, rowIds);
    this.rooms.set(charterId, room);
    // A long log is compacted at once (after the first client is served), so the next open is quick.
    if (updates > 1 || dropped) setImmediate(() => { if (this.rooms.get(charterId) == room) this.compact(room).catch(() => {}); });
    return room;
  }

  /** Claims a charter for a change this instance makes itself: throws if another instance serves it. */
  private async claimHere(charterId: string): Promise<number> {
    const claim = await this.claim(charterId);
    if (claim.kind == "elsewhere") throw new OwnedElsewhereError(charterId, claim);
    if (claim.kind == "missing") throw new Error(`No charter ${charterId}`);
    return claim.epoch;
  }

  /** Drops the rooms of lost leases at once, without saving: their clients reconnect to the new owner and resend. */
  private letGo(lost: LostLeases): void {
    const rooms = "all" in lost ? [...this.rooms.values()] : lost.charters.map((h) => this.rooms.get(h.charterId)).filter((room) => room && lost.charters.some((h) => h.charterId == room.charterId && h.epoch == room.epoch));
    for (const room of rooms) {
      if (!room) continue;
      console.warn(`Charter ${room.charterId}: lease of epoch ${room.epoch} lost; closing its ${room.connections.size} connection(s) so that they move to its new owner`);
      room.lost = true;
      this.rooms.delete(room.charterId);
      this.store.unloaded(room.charterId);
      for (const conn of room.connections) conn.close(CLOSE_CODES.tryAgain, "Charter moved to another instance");
      room.connections.clear();
      room.destroy();
    }
  }

  private leave(conn: Connection): void {
    const room = conn.room;
    if (room.lost) return;
    room.connections.delete(conn);
    room.removePresence(conn);
    this.maybeUnload(room);
  }

  /** Unloads a room nobody is in: compacts its log, then frees it (unless someone joined meanwhile). */
  private maybeUnload(room: Room): Promise<void> {
    if (room.connections.size || this.closed) return Promise.resolve();
    const unload = this.unload(room).finally(() => this.unloads.delete(unload));
    this.unloads.add(unload);
    return unload;
  }

  private async unload(room: Room): Promise<void> {
    await this.saveOnLeaving(room);
    if (room.connections.size == 0 && this.rooms.get(room.charterId) == room) {
      this.rooms.delete(room.charterId);
      this.store.unloaded(room.charterId);
      room.destroy();
      // Everything is stored: the next connection, wherever it lands, may serve it at once.
      if (!this.loading.has(room.charterId) && this.ownership.fences)
        await this.ownership.release(this.hold(room)).catch((err) => console.error(`Charter ${room.charterId}: could not release its lease:`, (err as Error).message));
    }
  }

  private hold(room: Room): LeaseHold {
    return { charterId: room.charterId, epoch: room.epoch };
  }

  /** What is kept of a room nobody edits any more: a checkpoint if it changed, and a compacted log. */
  private async saveOnLeaving(room: Room): Promise<void> {
    if (room.lost) return;
    try {
      const changed = room.changed;
      room.changed = false;
      if (changed) {
        // Fenced like the updates: a stale owner writes no checkpoint.
        const fence = (trx: Knex.Transaction) => fenceOrThrow(this.ownership, trx, this.hold(room));
        await checkpointSaver(this.services, room.charterId, room.doc, fence);
        await this.services.db.transaction(async (trx) => {
          await fence(trx);
          await syncCharterTitle(trx, room.charterId, room.doc);
        });
      }
      if (room.storedSinceCompaction > 0 || changed) await this.compact(room);
    } catch (err) {
      if (err instanceof LeaseLostError) console.warn(`Charter ${room.charterId}: not saved on leaving, ${err.message}`);
      else console.error(`Could not checkpoint or compact charter ${room.charterId}:`, err);
    }
  }

  /** Tells everyone connected to a charter that something beside its text changed. */
  private announce(charterId: string, topic: ChangeTopic): void {
    const room = this.rooms.get(charterId);
    if (!room) return;
    broadcast(room.connections, frame(MESSAGE_CHANGED, (e) => encoding.writeVarString(e, topic)));
  }

  /**
   * After events of other instances may have been missed: every open room's
   * permissions are checked again and every topic announced (clients reload).
   */
  private refreshAll(): void {
    for (const charterId of this.rooms.keys()) {
      this.recheck(charterId);
      for (const topic of CHANGE_TOPICS) this.announce(charterId, topic);
    }
  }

  private recheck(charterId: string): void {
    const room = this.rooms.get(charterId);
    if (room && room.connections.size) recheckRoom(this.services, room).catch((err) => console.error("Permission recheck failed:", err));
  }

  /** Pings this instance's clients (those it forwards too); the links are pinged by their own ends. */
  private ping(): void {
    pingOrEnd(this.wss.clients);
  }

  /**
   * Closes every connection with 1012 (clients reconnect, to another instance
   * or to this one restarted), stores everything, compacts and frees the
   * rooms. What was queued is stored first, so that its senders hear
   * "stored" before their socket closes (what arrives meanwhile is stored
   * too, and resent by its client on reconnecting, since it was not confirmed).
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.forwarding.close(CLOSE_CODES.serviceRestart, "Server restarting");
    await this.store.flush().catch(() => {});
    // The "stored" answers go out before the close frames.
    await new Promise((resolve) => setImmediate(resolve));
    for (const room of this.rooms.values()) for (const conn of room.connections) conn.close(CLOSE_CODES.serviceRestart, "Server restarting");
    await Promise.all(this.unloads);
    await Promise.all([...this.rooms.values()].map((room) => this.saveOnLeaving(room)));
    await this.store.close();
    // Everything is stored: every lease is released, so other instances take these charters at once.
    await this.ownership.close();
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
    // Their clients were told 1012 (queued on their links before this): links still open say it to any left.
    this.ownerLinks.close(CLOSE_CODES.serviceRestart, "Server restarting");
    this.wss.close();
  }
}

const isEmptyUpdate = (update: Uint8Array) => update.byteLength == 2 && update[0] == 0 && update[1] == 0;

function isDecodingError(err: unknown): boolean {
  const message = String((err as Error)?.message ?? "");
  // lib0 reads strings with a fatal TextDecoder: invalid UTF-8 (in a presence message, say) throws this TypeError.
  if ((err as { code?: unknown })?.code == "ERR_ENCODING_INVALID_ENCODED_DATA") return true;
  return err instanceof RangeError || /Unexpected end of array|Integer out of Range|Unexpected content type|JSON/i.test(message) || err instanceof SyntaxError;
}

function closeReason(code: number): string {
  return code == CLOSE_CODES.unauthorized ? "Unauthorized" : code == CLOSE_CODES.forbidden ? "Forbidden" : code == CLOSE_CODES.notFound ? "Charter not found" : "Refused";
}
