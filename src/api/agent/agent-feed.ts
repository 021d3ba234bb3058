// GET .../synctargets/{name}/objects: the agent's long-poll feed of the objects of every kind
// placed on its SyncTarget, in apply order. Answers at once without a resourceVersion or when the
// set has changed since it; otherwise holds until it changes (200) or timeoutSeconds runs out
// (304). GET .../deployments is the same feed cut to Deployments, for agents from before other
// kinds: they refuse a whole answer holding a kind they do not know, so they keep working as before.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AgentFeed } from '../../feed/feed.js';
import { FeedResponse } from '../../schemas/agent.js';
import { DEPLOYMENT_KIND } from '../../schemas/deployment.js';
import { Status } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { notFound } from '../http/errors.js';
import { collectionPath, errorTarget } from '../http/resource-definition.js';
import { agentAuthz, syncTargetResource } from '../resources/synctargets.js';
import { QUIET_REQUEST_LOGS } from '../http/quiet-logs.js';
import { deferWhileWaking } from './wake-deferral.js';

export const DEFAULT_TIMEOUT_SECONDS = 30;
const JSON_TYPE = 'application/json; charset=utf-8';
export const MAX_TIMEOUT_SECONDS = 300;

const FeedQuery = Type.Object({
  resourceVersion: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,16}$',
      description: 'the resourceVersion of the last answer: hold until the set changes after it',
    }),
  ),
  timeoutSeconds: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_TIMEOUT_SECONDS,
      description:
        `how long to hold the request (default ${DEFAULT_TIMEOUT_SECONDS}); ` +
        '0 answers 304 at once when nothing changed',
    }),
  ),
});

const FEEDS = [
  {
    path: 'objects',
    kind: undefined,
    summary:
      'The objects of every kind placed on this SyncTarget, in apply order: ' +
      'a long poll that answers when the set changes after resourceVersion',
  },
  {
    path: 'deployments',
    kind: DEPLOYMENT_KIND,
    summary:
      'Only the Deployments placed on this SyncTarget, for agents from before other kinds: ' +
      'a long poll that answers when the set changes after resourceVersion',
  },
] as const;

export function registerAgentFeed(app: FastifyInstance, store: Store, feed: AgentFeed): void {
  const { informers } = app;
  for (const { path, kind, summary } of FEEDS) {
    app.get(
      `${collectionPath(syncTargetResource)}/:name/${path}`,
      {
        // The answer is sent as text (feed-body.ts), whose items keep every field of their kind;
        // a Status (any other code) is written as JSON.stringify writes it.
        serializerCompiler: () => JSON.stringify,
        schema: {
          tags: ['agent'],
          security: [{ bearerAuth: [] }],
          summary,
          params: Type.Object({ name: Type.String() }),
          querystring: FeedQuery,
          response: {
            200: FeedResponse,
            304: Type.Null({ description: 'nothing changed within timeoutSeconds' }),
            default: Status,
          },
        },
        config: { access: 'agent', kind: 'SyncTarget', authz: agentAuthz('get', path), longPoll: true },
        // Agents poll all the time: a log line per request would drown the rest.
        ...QUIET_REQUEST_LOGS,
      },
      async (request, reply) => {
        const { name } = request.params as { name: string };
        const query = request.query as { resourceVersion?: string; timeoutSeconds?: number };
        // The informer's copy first: every agent polls again right after each answer, and a read of
        // the store per poll adds up when a change reaches thousands of them. One it does not hold
        // yet (just created, on another replica) is looked for in the store.
        const known = informers.find(syncTargetResource.kind)?.get(name);
        if (!known && !(await store.get({ kind: syncTargetResource.kind, namespace: '', name }))) {
          throw notFound(errorTarget(syncTargetResource, name));
        }
        const since = query.resourceVersion === undefined ? undefined : Number(query.resourceVersion);
        if (since === undefined || feed.changedSince(name, since)) {
          feed.metrics.answers.inc({ result: 'immediate' });
          return reply.type(JSON_TYPE).send(feed.answer(name, kind));
        }
        const wait = feed.hold(name, (query.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
        // 'close' on the response fires when it is sent or when the connection goes away first.
        reply.raw.once('close', wait.cancel);
        const { end, at } = await wait.ended;
        feed.metrics.answers.inc({ result: end });
        if (end !== 'changed') return reply.code(304).send();
        reply.raw.once('finish', () => {
          feed.metrics.latency.observe((performance.now() - at) / 1000);
          deferWhileWaking(request.raw.socket, feed.settled());
        });
        return reply.type(JSON_TYPE).send(feed.answer(name, kind));
      },
    );
  }
}
