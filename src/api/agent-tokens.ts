// POST .../synctargets/{name}/tokens (admin): a new agent token for the target, shown once.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AgentTokens } from '../agent-tokens/agent-tokens.js';
import { AgentTokenResponse } from '../schemas/agent.js';
import { Status } from '../schemas/meta.js';
import type { Store } from '../store/types.js';
import { notFound } from './errors.js';
import { collectionPath, errorTarget } from './resource-definition.js';
import { syncTargetResource } from './synctargets.js';

export function registerAgentTokenRoute(app: FastifyInstance, store: Store, tokens: AgentTokens): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(`${collectionPath(syncTargetResource)}/:name/tokens`, {
    schema: {
      tags: ['agent'],
      security: [{ bearerAuth: [] }],
      summary: 'Issue an agent token for a SyncTarget (shown once; older tokens stay valid for --token-grace, then end)',
      params: Type.Object({ name: Type.String() }),
      response: { 201: AgentTokenResponse, default: Status },
    },
    // For users, RBAC judges it as creating the synctargets/tokens subresource (tmc:fleet-admin has it).
    config: { access: 'admin', kind: 'SyncTarget',
      authz: { verb: 'create', apiGroup: 'workload.kcp.io', resource: 'synctargets', subresource: 'tokens' } },
  }, async (request, reply) => {
    const { name } = request.params;
    // The store, not the in-memory index: a target created a moment ago on another replica counts.
    const target = await store.get({ kind: syncTargetResource.kind, namespace: '', name });
    if (!target) throw notFound(errorTarget(syncTargetResource, name));
    const token = await tokens.issue(name, target.metadata.uid ?? '');
    request.log.info({ syncTarget: name }, 'issued an agent token');
    return reply.code(201).header('cache-control', 'no-store').send({ token });
  });
}
