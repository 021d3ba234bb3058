// The HTTP(S) server under Fastify. Made here, with the settings Fastify would give its own,
// so that a front door can answer some requests before Fastify's request cycle: heartbeats,
// nearly all of the agents' traffic (see heartbeat-fast-path.ts). Made here too: the limits on
// how long a client may take to send a request and how many connections it may hold.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { FastifyServerFactory } from 'fastify';
import type { Connections } from '../../http/connections.js';
import { refuseFailedAddress } from '../../http/failure-door.js';
import type { AddressFailures } from '../../../runtime/address-failures.js';

export interface FrontDoor {
  /** Takes a request and answers it; false leaves it, unread, to Fastify. */
  serve(request: IncomingMessage, response: ServerResponse): boolean;
}

export interface RequestTimeouts {
  /** How long a client may take to send the request headers (from its connection or last request). */
  headersTimeoutMs: number;
  /** How long it may take to send the whole request, body included. */
  requestTimeoutMs: number;
}

interface ServerOptions {
  https?: https.ServerOptions | null;
  keepAliveTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket?: number | null;
}

/** Whether the request announced a body that has not all arrived (nobody read it, or not yet). */
export function bodyUnread(request: IncomingMessage): boolean {
  if (request.complete) return false;
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/**
 * Answers close their connection when a body is left unread (waiting for it would let the client
 * hold the connection as long as it likes) and while the server shuts down.
 */
function closingResponse(connections: Connections) {
  return class ClosingResponse extends http.ServerResponse {
    override writeHead(statusCode: number, ...rest: unknown[]): this {
      if (connections.shuttingDown || bodyUnread(this.req)) this.shouldKeepAlive = false;
      return Reflect.apply(http.ServerResponse.prototype.writeHead, this, [statusCode, ...rest]) as this;
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'finish') connections.finished(this);
      return super.emit(event, ...args);
    }
  };
}

/**
 * The interim `100 Continue` is sent when something starts reading the body, not at once: a
 * request turned away by its headers (no token, no such route) gets its answer and the client
 * never sends the body. (Node sends it at once when no one listens for `checkContinue`.)
 */
function continueOnRead(request: IncomingMessage, response: ServerResponse): void {
  request.once('resume', () => {
    if (!response.headersSent) response.writeContinue();
  });
}

/** A Fastify `serverFactory` whose server asks the front door, when there is one, first. */
export function serverFactoryWith(
  frontDoor: () => FrontDoor | undefined,
  connections: Connections,
  timeouts: RequestTimeouts,
  failures: () => AddressFailures | undefined = () => undefined,
): FastifyServerFactory {
  return ((fastifyHandler: http.RequestListener, options: ServerOptions) => {
    const listener: http.RequestListener = (request, response) => {
      if (!connections.admit(request, response)) return;
      if (refuseFailedAddress(failures(), request, response)) return;
      if (!frontDoor()?.serve(request, response)) fastifyHandler(request, response);
    };
    const settings: http.ServerOptions<typeof http.IncomingMessage, ReturnType<typeof closingResponse>> = {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Node looks for overdue requests this often (30 s by default, which would stretch a 10 s limit).
      connectionsCheckingInterval: Math.min(1_000, Math.max(100, timeouts.headersTimeoutMs / 4)),
      ServerResponse: closingResponse(connections),
    };
    const server = options.https
      ? https.createServer({ ...options.https, ...settings, handshakeTimeout: timeouts.headersTimeoutMs }, listener)
      : http.createServer(settings, listener);
    server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
      continueOnRead(request, response);
      listener(request, response);
    });
    // Once closed, Node no longer times out requests still arriving: those are closed at once.
    const close = server.close.bind(server);
    server.close = ((callback?: (error?: Error) => void) => {
      close(callback);
      connections.close();
      return server;
    }) as typeof server.close;
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    connections.attach(server, Boolean(options.https));
    return server;
  }) as unknown as FastifyServerFactory;
}
