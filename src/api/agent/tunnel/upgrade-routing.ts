// An upgrade request (`Upgrade: websocket`) never reaches Fastify on its own: Node hands it to the
// server's `upgrade` listeners with the bare socket. This routes it through Fastify like any
// request, so an exec passes the same gate as every other call (authentication, RBAC, limits,
// audit); the route that takes the upgrade finds the socket here. An answer that is not an
// upgrade (a 401, a 403, a 404) is written as HTTP on that socket, which then closes.
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';

export interface PendingUpgrade {
  socket: Duplex;
  head: Buffer;
}

const pending = new WeakMap<IncomingMessage, PendingUpgrade>();

/** The socket of an upgrade request routed here; undefined for a plain request. */
export const pendingUpgrade = (request: IncomingMessage): PendingUpgrade | undefined => pending.get(request);

/** The `upgrade` listener that routes a request through the app. */
export function routeUpgrades(app: FastifyInstance) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    pending.set(request, { socket, head });
    const response = new ServerResponse(request);
    response.assignSocket(socket as Socket);
    // One request per such connection: an answer that is not an upgrade ends it.
    response.shouldKeepAlive = false;
    response.on('finish', () => socket.end());
    app.routing(request, response);
  };
}
