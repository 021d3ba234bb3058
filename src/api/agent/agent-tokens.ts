// POST .../synctargets/{name}/tokens (admin): a new agent token for the target, shown once.
// GET the same path (admin): the times of its tokens still valid, for the dashboard's rotations list.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AgentTokens } from '../../agent-tokens/agent-tokens.js';
import { AgentTokenResponse, AgentTokenTimesList } from '../../schemas/agent.js';
import { Status } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { notFound } from '../http/errors.js';
import { collectionPath, errorTarget } from '../http/resource-definition.js';
import { syncTargetResource } from '../resources/synctargets.js';

const TOKENS_PATH = `${collectionPath(syncTargetResource)}/:name/tokens`;
const iso = (ms: number): string => new Date(ms).toISOString();

export function registerAgentTokenRoute(app: FastifyInstance, store: Store, tokens: AgentTokens): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    TOKENS_PATH,
    {
      schema: {
        tags: ['agent'],
        security: [{ bearerAuth: [] }],
        summary: "When a SyncTarget's agent tokens still valid were issued and when they end (times only)",
        params: Type.Object({ name: Type.String() }),
        response: { 200: AgentTokenTimesList, default: Status },
      },
      // For users, RBAC judges it as reading the synctargets/tokens subresource (tmc:fleet-admin has it).
      config: {
        access: 'admin',
        kind: 'SyncTarget',
        authz: { verb: 'get', apiGroup: 'workload.kcp.io', resource: 'synctargets', subresource: 'tokens' },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const target = await store.get({ kind: syncTargetResource.kind, namespace: '', name });
      if (!target) throw notFound(errorTarget(syncTargetResource, name));
      const times = await store.listAgentTokenTimes(target.metadata.uid ?? '', Date.now());
      const list = times.map((t) => ({
        issued: iso(t.createdAt),
        ...(t.expiresAt === null ? {} : { expires: iso(t.expiresAt) }),
      }));
      return reply.header('cache-control', 'no-store').send({ tokens: list });
    },
  );

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    TOKENS_PATH,
    {
      schema: {
        tags: ['agent'],
        security: [{ bearerAuth: [] }],
        summary:
          'Issue an agent token for a SyncTarget (shown once; older tokens stay valid for --token-grace, then end)',
        params: Type.Object({ name: Type.String() }),
        response: { 201: AgentTokenResponse, default: Status },
      },
      // For users, RBAC judges it as creating the synctargets/tokens subresource (tmc:fleet-admin has it).
      config: {
        access: 'admin',
        kind: 'SyncTarget',
        authz: { verb: 'create', apiGroup: 'workload.kcp.io', resource: 'synctargets', subresource: 'tokens' },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      // The store, not the in-memory index: a target created a moment ago on another replica counts.
      const target = await store.get({ kind: syncTargetResource.kind, namespace: '', name });
      if (!target) throw notFound(errorTarget(syncTargetResource, name));
      const token = await tokens.issue(name, target.metadata.uid ?? '');
      request.log.info({ syncTarget: name }, 'issued an agent token');
      return reply.code(201).header('cache-control', 'no-store').send({ token });
    },
  );
}
