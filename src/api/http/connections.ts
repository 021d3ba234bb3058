// The server's connections, counted and judged before any request on them reaches a route: how many one client address
// holds, how many the process holds next to its file-descriptor limit, whether memory is short, and which to close at
// shutdown. A connection over a cap is still accepted (so `accept` never fails for want of a descriptor) and its first
// request is answered 429 or 503 with Retry-After, its body unread; one that sends nothing is closed soon after.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Counter, Gauge, type Registry } from 'prom-client';
import { type Refusal, refuse } from './connection-refusal.js';
import { KeepAlivePacing } from './keep-alive-pacing.js';

export interface ConnectionLimits {
  /** Open connections per client address; 0: no cap. */
  perAddress: number;
  /** Open connections in all, kept below the file-descriptor limit; 0: no cap. */
  total: number;
  /** Whether the process is short of memory now: new connections are refused while it is. */
  memoryShort?: () => boolean;
  /** Told of refusals for want of a resource (not per-address): the first, then at most once a minute. */
  onRefusing?: (reason: 'fd-limit' | 'memory', refusedSinceLast: number) => void;
  /** Told when idle connections start or stop being closed sooner (see keep-alive-pacing.ts). */
  onPacing?: (pressed: boolean, open: number, keepAliveMs: number) => void;
}

const REFUSAL_LOG_MS = 60_000;

interface Connection {
  /** The TCP socket: it holds the descriptor. */
  socket: Socket;
  /** The socket requests arrive on: the TCP socket, or the TLS socket over it once set up. */
  httpSocket?: Socket;
  address: string;
  refusal?: Refusal;
  request?: IncomingMessage;
  response?: ServerResponse;
}

/** How long a refused connection may take to send its request and read the answer. */
const REFUSED_LINGER_MS = 2_000;

// TLS sockets report their peer like the TCP socket under them: the pair's common name.
const peerOf = (socket: Socket): string => `${socket.remoteAddress}|${socket.remotePort}`;

export class Connections {
  private readonly open = new Set<Connection>();
  private readonly byHttpSocket = new WeakMap<Socket, Connection>();
  /** TLS connections whose handshake is under way, by peer. */
  private readonly handshaking = new Map<string, Connection>();
  private readonly perAddress = new Map<string, number>();
  private closing = false;
  private refused?: Counter<'reason'>;
  private readonly told = new Map<'fd-limit' | 'memory', { at: number; since: number }>();
  private readonly pacing: KeepAlivePacing;

  constructor(private readonly limits: ConnectionLimits) {
    this.pacing = new KeepAlivePacing(limits.total, limits.onPacing);
  }

  /** Whether the server is shutting down: answers from now on close their connection. */
  get shuttingDown(): boolean {
    return this.closing;
  }

  /** Counts the server's connections; its keep-alive timeout must be set already (it is paced from there). */
  attach(server: Server, tls: boolean): void {
    this.pacing.attach(server);
    server.on('connection', (socket: Socket) => this.accepted(socket, tls));
    if (tls) server.on('secureConnection', (socket: Socket) => this.secured(socket));
  }

  /** Adds the connection count and refusals to a registry. */
  instrument(registry: Registry): void {
    const open = this.open;
    const pacing = this.pacing;
    new Gauge({
      name: 'tmc_http_keep_alive_pressed',
      help: '1 while idle connections are closed after seconds because the server nears its connection cap',
      registers: [registry],
      collect() {
        this.set(pacing.isPressed ? 1 : 0);
      },
    });
    new Gauge({
      name: 'tmc_http_connections',
      help: 'open client connections',
      registers: [registry],
      collect() {
        this.set(open.size);
      },
    });
    this.refused = new Counter({
      name: 'tmc_http_connections_refused_total',
      help: 'connections answered 429 (per-address cap) or 503 (near the file-descriptor limit, short of memory), by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  /** Records a request; false when it was answered here (its connection is over a cap). */
  admit(request: IncomingMessage, response: ServerResponse): boolean {
    const connection = this.byHttpSocket.get(request.socket);
    if (!connection) return true;
    connection.request = request;
    connection.response = response;
    if (connection.refusal === undefined) return true;
    refuse(response, connection.refusal, this.limits.perAddress);
    return false;
  }

  // Answered: an idle connection keeps nothing of its last request. Called on 'finish' by the server's
  // response class: a once('finish') listener per response made some processes promote whole requests.
  finished(response: ServerResponse): void {
    const connection = this.byHttpSocket.get(response.req.socket);
    if (connection?.response !== response) return;
    connection.request = undefined;
    connection.response = undefined;
  }

  /**
   * At shutdown: closes every connection but those whose request has fully arrived and is being
   * answered. Idle ones and ones still sending a request (Node stops timing those out once the
   * server closes) would otherwise hold the shutdown for as long as their client likes.
   */
  close(): void {
    this.closing = true;
    for (const connection of this.open) {
      const { request, response } = connection;
      const socket = connection.httpSocket ?? connection.socket;
      const answering = request?.complete && response && !response.writableFinished;
      if (answering) response.once('finish', () => socket.destroySoon());
      else socket.destroy();
    }
  }

  private accepted(socket: Socket, tls: boolean): void {
    const address = socket.remoteAddress ?? '';
    const connection: Connection = { socket, address };
    const refusal = this.refusalFor(address);
    this.open.add(connection);
    this.pacing.update(this.open.size);
    if (refusal) {
      connection.refusal = refusal;
      this.refused?.inc({ reason: refusal });
      if (refusal !== 'per-address') this.tell(refusal);
      setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
    } else {
      this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    }
    const peer = peerOf(socket);
    if (tls) this.handshaking.set(peer, connection);
    else this.track(connection, socket);
    socket.once('close', () => {
      this.open.delete(connection);
      this.pacing.update(this.open.size);
      if (tls) this.handshaking.delete(peer);
      if (!refusal) this.release(address);
    });
    // Accepted while closing (between the shutdown and the listener's end): nothing will answer it.
    if (this.closing) socket.destroy();
  }

  private secured(socket: Socket): void {
    const peer = peerOf(socket);
    const connection = this.handshaking.get(peer);
    if (!connection) return;
    this.handshaking.delete(peer);
    this.track(connection, socket);
  }

  private track(connection: Connection, httpSocket: Socket): void {
    connection.httpSocket = httpSocket;
    this.byHttpSocket.set(httpSocket, connection);
  }

  /** The operator hears of a limit reached at once, and then once a minute while it lasts. */
  private tell(reason: 'fd-limit' | 'memory'): void {
    const told = this.told.get(reason) ?? { at: -Infinity, since: 0 };
    told.since++;
    const now = performance.now();
    if (now - told.at >= REFUSAL_LOG_MS) {
      this.limits.onRefusing?.(reason, told.since);
      told.at = now;
      told.since = 0;
    }
    this.told.set(reason, told);
  }

  private refusalFor(address: string): Refusal | undefined {
    if (this.limits.memoryShort?.()) return 'memory';
    if (this.limits.total > 0 && this.open.size >= this.limits.total) return 'fd-limit';
    const perAddress = this.limits.perAddress;
    if (perAddress > 0 && (this.perAddress.get(address) ?? 0) >= perAddress) return 'per-address';
    return undefined;
  }

  private release(address: string): void {
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }
}
