// GET .../synctargets/{name}/proxy/{path}: a read of the target's own Kubernetes API (pods, their
// logs, events, discovery) through its agent's reverse tunnel, so `tmc logs` and plain kubectl
// (--server .../synctargets/{name}/proxy) work on a cluster behind NAT. RBAC judges the caller's
// own right (get synctargets/proxy); the agent answers with its own least-privilege credentials,
// and both ends refuse any path outside the allow-list. Always audited (see api/http/audit.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PROXY_REACH, proxyAllowed } from '../../../lib/tunnel-protocol.js';
import { Status } from '../../../schemas/meta.js';
import { ApiError, forbidden } from '../../http/errors.js';
import { collectionPath } from '../../http/resource-definition.js';
import { syncTargetResource } from '../../resources/synctargets.js';
import type { TunnelReach } from './tunnel-reach.js';

export const PROXY_ROUTE = `${collectionPath(syncTargetResource)}/:name/proxy/*`;

const text = (description: string) => Type.Optional(Type.String({ description }));
/** The parameters passed on: those of reading a log, listing and watching. */
export const ProxyQuery = Type.Object({
  container: text('pods/log: the container'),
  follow: text('pods/log: stream new lines'),
  limitBytes: text('pods/log'),
  previous: text('pods/log'),
  sinceSeconds: text('pods/log'),
  sinceTime: text('pods/log'),
  tailLines: text('pods/log'),
  timestamps: text('pods/log'),
  allowWatchBookmarks: text('list and watch'),
  continue: text('list'),
  fieldSelector: text('list and watch'),
  labelSelector: text('list and watch'),
  limit: text('list'),
  resourceVersion: text('list and watch'),
  resourceVersionMatch: text('list'),
  timeoutSeconds: text('list and watch'),
  watch: text('list and watch'),
});

/** The query string as the client sent it: repeated parameters (exec's `command`) kept. */
export const rawQuery = (url: string): string => (url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');

/** A stream that failed before its head: the agent could not do it. */
export const proxiedFailure = (name: string, error: unknown): ApiError =>
  new ApiError(
    503,
    'ServiceUnavailable',
    `sync target "${name}": the proxied request failed: ${(error as Error).message}`,
  );

async function relay(request: FastifyRequest, reply: FastifyReply, tunnels: TunnelReach): Promise<void> {
  const { name, '*': rest } = request.params as { name: string; '*': string };
  const path = `/${rest}`;
  if (!proxyAllowed(path)) {
    throw forbidden(`the proxy of sync target "${name}" does not reach GET ${path}: it reaches ${PROXY_REACH}`);
  }
  const tunnel = await tunnels.reach(name, request.headers);
  const query = rawQuery(request.url);
  const accept = request.headers.accept;
  const stream = tunnel.open({ method: 'GET', path, query, ...(accept ? { accept } : {}) });
  // The client gone (a `logs -f` ended with ^C): the agent stops reading downstream, and the
  // response ends as failed, which is when Fastify runs the audit hook (it waits for finish or error).
  const gone = () => {
    stream.cancel();
    if (!reply.raw.writableFinished) reply.raw.emit('error', new Error('the client closed the connection'));
  };
  reply.raw.on('close', gone);
  let head: Awaited<typeof stream.head>;
  try {
    head = await stream.head;
  } catch (error) {
    throw proxiedFailure(name, error);
  }
  stream.body.on('end', () => reply.raw.off('close', gone));
  reply.code(head.status).header('cache-control', 'no-store');
  if (head.contentType) reply.type(head.contentType);
  reply.send(stream.body);
}

/** The proxy's route config: admin access, judged for users as `verb` on synctargets/proxy. */
export const proxyConfig = (verb: 'get' | 'create') => ({
  access: 'admin' as const,
  kind: 'SyncTarget',
  authz: { verb, apiGroup: 'workload.kcp.io', resource: 'synctargets', subresource: 'proxy' },
});

export function registerProxyRoute(app: FastifyInstance, tunnels: TunnelReach): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    PROXY_ROUTE,
    {
      schema: {
        tags: ['agent'],
        security: [{ bearerAuth: [] }],
        summary: "Read a SyncTarget's pods, their logs and events through its agent's tunnel",
        params: Type.Object({ name: Type.String(), '*': Type.String() }),
        querystring: ProxyQuery,
        response: { default: Status },
      },
      // For users, RBAC judges it as getting the synctargets/proxy subresource (tmc:fleet-admin has it).
      config: proxyConfig('get'),
    },
    async (request, reply) => {
      await relay(request, reply, tunnels);
      return reply as never;
    },
  );
}
