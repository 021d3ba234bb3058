// GET .../synctargets/{name}/tunnel with `Upgrade: websocket`: an agent opens its reverse tunnel.
// Upgrades never reach Fastify, so this is the route's whole gate: the agent's own token for that
// very target (as the heartbeat takes), the same refusal of addresses that fail too often, and a
// Status in the refusal's body as every other answer has. The tunnel ends when the token does.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { WebSocketServer } from 'ws';
import { TUNNEL_SUBPROTOCOL } from '../../../lib/tunnel-protocol.js';
import type { AddressFailures } from '../../../runtime/address-failures.js';
import type { AgentPrincipal, Principal, TokenVerifier } from '../../../schemas/principal.js';
import { admission, bearerToken, tooManyFailures } from '../../http/auth.js';
import { ApiError, notFound, unauthorized } from '../../http/errors.js';
import { holdRefusal } from '../../http/held-refusals.js';
import type { TunnelHub } from './tunnel-hub.js';

export const TUNNEL_PATH = /^\/apis\/workload\.kcp\.io\/v1alpha1\/synctargets\/([^/?#%]+)\/tunnel(\?.*)?$/;

/** The longest a tunnel lives without its token: Node's timers take no more. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function refuse(socket: Duplex, error: ApiError): void {
  const body = JSON.stringify(error.toStatus());
  const retry = error.retryAfterSeconds === undefined ? '' : `Retry-After: ${error.retryAfterSeconds}\r\n`;
  socket.end(
    `HTTP/1.1 ${error.code} ${error.reason}\r\nContent-Type: application/json\r\n${retry}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export interface TunnelUpgradeOptions {
  tokens: TokenVerifier;
  failures: AddressFailures;
  hub: TunnelHub;
  log: Logger;
}

/** The server's `upgrade` listener; false for a path that is not a tunnel's (answered 404). */
export function tunnelUpgrade({ tokens, failures, hub, log }: TunnelUpgradeOptions) {
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (offered) => (offered.has(TUNNEL_SUBPROTOCOL) ? TUNNEL_SUBPROTOCOL : false),
  });
  const accept = (request: IncomingMessage, socket: Duplex, head: Buffer, agent: AgentPrincipal) => {
    sockets.handleUpgrade(request, socket, head, (ws) => {
      hub.attach(agent.syncTarget, agent.syncTargetUid, ws);
      if (agent.expiresAt === null) return;
      const timer = setTimeout(
        () => ws.close(4001, 'the agent token expired: reconnect with the new one'),
        Math.min(MAX_TIMER_MS, Math.max(0, agent.expiresAt - Date.now())),
      );
      ws.on('close', () => clearTimeout(timer));
    });
  };
  const judge = (request: IncomingMessage, socket: Duplex, head: Buffer, name: string, found?: Principal) => {
    const address = request.socket.remoteAddress ?? '';
    if (!found) failures.failed(address);
    const refused = admission(found, 'agent', name);
    // As on the routes (auth.ts): past the first few failures of a burst, each is answered late.
    if (refused && !found && failures.paced(address)) {
      socket.once(
        'close',
        holdRefusal(() => refuse(socket, refused as ApiError)),
      );
      return;
    }
    if (refused) return refuse(socket, refused as ApiError);
    if (found?.kind !== 'agent') {
      return refuse(socket, new ApiError(403, 'Forbidden', 'a tunnel takes the agent token of its sync target'));
    }
    log.debug({ syncTarget: name }, 'agent tunnel upgrade admitted');
    accept(request, socket, head, found);
  };
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    const match = TUNNEL_PATH.exec(request.url ?? '');
    if (!match?.[1]) return refuse(socket, notFound({ kind: 'path', name: (request.url ?? '').split('?')[0] }));
    const name = match[1];
    const token = bearerToken(request.headers.authorization);
    if (!token) return refuse(socket, unauthorized());
    const wait = failures.retryAfter(request.socket.remoteAddress ?? '');
    if (wait > 0) return refuse(socket, tooManyFailures(wait) as ApiError);
    const principal = tokens.verify(token);
    if (principal instanceof Promise) {
      principal.then(
        (found) => judge(request, socket, head, name, found),
        () => refuse(socket, new ApiError(503, 'ServiceUnavailable', 'the agent token could not be checked: retry')),
      );
    } else judge(request, socket, head, name, principal);
  };
  return { upgrade, close: () => sockets.close() };
}
