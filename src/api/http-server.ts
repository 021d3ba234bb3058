// The HTTP(S) server under Fastify. Made here, with the settings Fastify would give its own,
// so that a front door can answer some requests before Fastify's request cycle: heartbeats,
// nearly all of the agents' traffic (see heartbeat-fast-path.ts).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { FastifyServerFactory } from 'fastify';

export interface FrontDoor {
  /** Takes a request and answers it; false leaves it, unread, to Fastify. */
  serve(request: IncomingMessage, response: ServerResponse): boolean;
}

interface ServerOptions {
  https?: https.ServerOptions | null;
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket?: number | null;
}

/** A Fastify `serverFactory` whose server asks the front door, when there is one, first. */
export function serverFactoryWith(frontDoor: () => FrontDoor | undefined): FastifyServerFactory {
  return ((fastifyHandler: http.RequestListener, options: ServerOptions) => {
    const listener: http.RequestListener = (request, response) => {
      if (!frontDoor()?.serve(request, response)) fastifyHandler(request, response);
    };
    const server = options.https ? https.createServer(options.https, listener) : http.createServer(listener);
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  }) as unknown as FastifyServerFactory;
}
