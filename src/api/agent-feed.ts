// GET .../synctargets/{name}/deployments: the agent's long-poll feed of the Deployments placed
// on its SyncTarget. Answers at once without a resourceVersion or when the set has changed
// since it; otherwise holds until it changes (200) or timeoutSeconds runs out (304).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { DeploymentFeed } from '../feed/feed.js';
import { Status } from '../schemas/meta.js';
import type { Store } from '../store/types.js';
import { notFound } from './errors.js';
import { collectionPath, errorTarget } from './resource-definition.js';
import { syncTargetResource } from './synctargets.js';
import { QUIET_REQUEST_LOGS } from './quiet-logs.js';

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const MAX_TIMEOUT_SECONDS = 300;

const FeedQuery = Type.Object({
  resourceVersion: Type.Optional(Type.String({
    pattern: '^[0-9]{1,16}$',
    description: 'the resourceVersion of the last answer: hold until the set changes after it',
  })),
  timeoutSeconds: Type.Optional(Type.Integer({
    minimum: 0,
    maximum: MAX_TIMEOUT_SECONDS,
    description: `how long to hold the request (default ${DEFAULT_TIMEOUT_SECONDS}); 0 answers 304 at once when nothing changed`,
  })),
});

const FeedItem = Type.Object({
  apiVersion: Type.Literal('apps/v1'),
  kind: Type.Literal('Deployment'),
  metadata: Type.Object({
    name: Type.String(),
    namespace: Type.String(),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
    generation: Type.Integer(),
  }),
  spec: Type.Object({}, { additionalProperties: true, description: 'the DeploymentSpec as the user gave it' }),
}, { description: 'A Deployment as it should be applied: no status, uid or server bookkeeping' });

const FeedResponse = Type.Object({
  resourceVersion: Type.String({ description: 'send it back as ?resourceVersion= to wait for the next change' }),
  items: Type.Array(FeedItem, { description: 'every Deployment placed on this SyncTarget, by namespace and name' }),
});

export function registerAgentFeed(app: FastifyInstance, store: Store, feed: DeploymentFeed): void {
  app.get(`${collectionPath(syncTargetResource)}/:name/deployments`, {
    schema: {
      tags: ['agent'],
      security: [{ bearerAuth: [] }],
      summary: 'The Deployments placed on this SyncTarget: a long poll that answers when the set changes after resourceVersion',
      params: Type.Object({ name: Type.String() }),
      querystring: FeedQuery,
      response: { 200: FeedResponse, 304: Type.Null({ description: 'nothing changed within timeoutSeconds' }), default: Status },
    },
    config: { access: 'agent', kind: 'Deployment' },
    // Agents poll all the time: a log line per request would drown the rest.
    ...QUIET_REQUEST_LOGS,
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const query = request.query as { resourceVersion?: string; timeoutSeconds?: number };
    if (!(await store.get({ kind: syncTargetResource.kind, namespace: '', name }))) throw notFound(errorTarget(syncTargetResource, name));
    const since = query.resourceVersion === undefined ? undefined : Number(query.resourceVersion);
    if (since === undefined || feed.changedSince(name, since)) {
      feed.metrics.answers.inc({ result: 'immediate' });
      return feed.answer(name);
    }
    const wait = feed.hold(name, (query.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
    // 'close' on the response fires when it is sent or when the connection goes away first.
    reply.raw.once('close', wait.cancel);
    const { end, at } = await wait.ended;
    feed.metrics.answers.inc({ result: end });
    if (end !== 'changed') return reply.code(304).send();
    reply.raw.once('finish', () => feed.metrics.latency.observe((performance.now() - at) / 1000));
    return feed.answer(name);
  });
}
