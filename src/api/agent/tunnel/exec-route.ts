// GET .../synctargets/{name}/proxy/api/v1/namespaces/{ns}/pods/{pod}/exec, upgraded to a WebSocket:
// `kubectl exec` (with --server .../synctargets/{name}/proxy) and `tmc exec` into a pod of a cluster
// behind NAT. The agent dials its own API server with the subprotocols the client offered; only
// when that upgrade succeeds is the client's completed, with the same subprotocol, so a refusal
// downstream (no such pod, a container name wrong) reaches the client as the Status it was.
// RBAC judges the caller's own right: `create synctargets/proxy`, as kube-apiserver asks `create
// pods/exec` of a WebSocket exec. The audit line is written when the session ends.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { CHANNEL_PROTOCOLS, messageBytes } from '../../../lib/tunnel-protocol.js';
import { Status } from '../../../schemas/meta.js';
import { badRequest } from '../../http/errors.js';
import { collectionPath } from '../../http/resource-definition.js';
import { syncTargetResource } from '../../resources/synctargets.js';
import { proxiedFailure, proxyConfig, rawQuery } from './proxy-route.js';
import type { ProxiedStream } from './tunnel-hub.js';
import type { TunnelReach } from './tunnel-reach.js';
import { pendingUpgrade } from './upgrade-routing.js';

export const EXEC_ROUTE = `${collectionPath(syncTargetResource)}/:name/proxy/api/v1/namespaces/:podNamespace/pods/:pod/exec`;

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const SUBDOMAIN = '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$';
const flag = (description: string) => Type.Optional(Type.String({ description }));
/** Exec's own parameters, as pods/exec takes them; passed on as the client wrote them. */
export const ExecQuery = Type.Object({
  command: Type.Union([Type.String(), Type.Array(Type.String())], { description: 'the command and its arguments' }),
  container: Type.Optional(Type.String({ description: 'the container (default: the only one)' })),
  stdin: flag('true: pass standard input'),
  stdout: flag('true: return standard output'),
  stderr: flag('true: return standard error'),
  tty: flag('true: allocate a terminal'),
});

const offeredProtocols = (header: string | undefined): string[] => {
  const offered = (header ?? '').split(',').map((p) => p.trim());
  return CHANNEL_PROTOCOLS.filter((p) => offered.includes(p));
};

/** Carries messages both ways until either end closes; `done` once, when the session is over. */
function bridge(client: WebSocket, stream: ProxiedStream, done: () => void): void {
  client.on('message', (data: RawData) => {
    stream.send(messageBytes(data));
  });
  stream.body.on('data', (message: Buffer) => client.send(message, { binary: true }));
  stream.body.on('end', () => client.close(1000));
  stream.body.on('error', (error) => client.close(1011, error.message.slice(0, 120)));
  client.on('error', () => undefined);
  client.on('close', () => {
    stream.cancel();
    done();
  });
}

async function exec(request: FastifyRequest, reply: FastifyReply, tunnels: TunnelReach, sockets: Upgrader) {
  const { name, podNamespace, pod } = request.params as { name: string; podNamespace: string; pod: string };
  const upgrade = pendingUpgrade(request.raw);
  if (!upgrade || request.headers.upgrade?.toLowerCase() !== 'websocket') {
    throw badRequest('Upgrade request required: exec is a WebSocket (kubectl exec, or tmc exec)');
  }
  const upgradeTo = offeredProtocols(request.headers['sec-websocket-protocol']);
  if (upgradeTo.length === 0) {
    throw badRequest(
      `exec through tmc takes the WebSocket subprotocols ${CHANNEL_PROTOCOLS.join(', ')}: use kubectl 1.30 or newer, or tmc exec`,
    );
  }
  const tunnel = await tunnels.reach(name, request.headers);
  const path = `/api/v1/namespaces/${podNamespace}/pods/${pod}/exec`;
  const stream = tunnel.open({ method: 'GET', path, query: rawQuery(request.url), upgrade: upgradeTo });
  const gone = () => stream.cancel();
  upgrade.socket.once('close', gone);
  const head = await stream.head.catch((error: unknown) => {
    throw proxiedFailure(name, error);
  });
  upgrade.socket.off('close', gone);
  if (head.status !== 101 || !head.protocol) {
    reply.code(head.status === 101 ? 502 : head.status).header('cache-control', 'no-store');
    if (head.contentType) reply.type(head.contentType);
    return reply.send(stream.body);
  }
  reply.hijack();
  sockets.complete(request, upgrade, head.protocol, (client) =>
    bridge(client, stream, () => {
      // The audit hook runs when the response finishes: now, with the upgrade's code.
      reply.raw.statusCode = 101;
      reply.raw.emit('finish');
    }),
  );
  return reply;
}

/** Completes client upgrades with the subprotocol the agent's API server chose. */
class Upgrader {
  private readonly chosen = new WeakMap<object, string>();
  readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: 4 * 1024 * 1024,
    handleProtocols: (_offered, request) => this.chosen.get(request) ?? false,
  });

  complete(
    request: FastifyRequest,
    upgrade: NonNullable<ReturnType<typeof pendingUpgrade>>,
    protocol: string,
    then: (client: WebSocket) => void,
  ): void {
    this.chosen.set(request.raw, protocol);
    this.server.handleUpgrade(request.raw, upgrade.socket, upgrade.head, then);
  }
}

export function registerExecRoute(app: FastifyInstance, tunnels: TunnelReach): void {
  const sockets = new Upgrader();
  app.addHook('onClose', (_app, done) => sockets.server.close(() => done()));
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    EXEC_ROUTE,
    {
      schema: {
        tags: ['agent'],
        security: [{ bearerAuth: [] }],
        summary: "Run a command in a SyncTarget's pod through its agent's tunnel (WebSocket, v5.channel.k8s.io)",
        params: Type.Object({
          name: Type.String(),
          podNamespace: Type.String({ pattern: DNS_LABEL, maxLength: 63 }),
          pod: Type.String({ pattern: SUBDOMAIN, maxLength: 253 }),
        }),
        querystring: ExecQuery,
        response: { default: Status },
      },
      config: proxyConfig('create'),
    },
    (request, reply) => exec(request, reply, tunnels, sockets),
  );
}
