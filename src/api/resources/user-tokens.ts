// POST .../users/{name}/tokens: a new token for the User, shown once (older ones end after the
// grace period, 0 at once); DELETE .../users/{name}/tokens: every token of the User ends at once.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { UserTokens } from '../../access/user-tokens.js';
import { SuccessStatus, USER_GROUP, UserTokenRequest, UserTokenResponse } from '../../schemas/access.js';
import { Status } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { badRequest, notFound } from '../http/errors.js';
import { collectionPath, errorTarget } from '../http/resource-definition.js';
import { userResource } from './access-resources.js';

export function registerUserTokenRoutes(app: FastifyInstance, store: Store, tokens: UserTokens): void {
  const path = `${collectionPath(userResource)}/:name/tokens`;
  const params = Type.Object({ name: Type.String() });
  const authz = (verb: string) => ({ verb, apiGroup: USER_GROUP, resource: 'users', subresource: 'tokens' });
  const load = async (name: string) => {
    // The store, not an informer: a User created a moment ago on another replica counts.
    const user = await store.get({ kind: 'User', namespace: '', name });
    if (!user) throw notFound(errorTarget(userResource, name));
    return user;
  };
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post(
    path,
    {
      schema: {
        tags: ['User'],
        security: [{ bearerAuth: [] }],
        params,
        body: Type.Optional(UserTokenRequest),
        summary: 'Issue a token for a User (shown once; older tokens stay valid for gracePeriodSeconds, then end)',
        response: { 201: UserTokenResponse, default: Status },
      },
      config: { access: 'admin', kind: 'User', authz: authz('create') },
      // Before validation, which strips unknown fields: a misspelt lifetime must not issue a token that never ends.
      preValidation: async (request) => {
        const body = request.body && typeof request.body === 'object' ? request.body : {};
        const unknown = Object.keys(body).filter((key) => !(key in UserTokenRequest.properties));
        if (!unknown.length) return;
        throw badRequest(`unknown field(s) ${unknown.join(', ')}: give expirationSeconds, gracePeriodSeconds`);
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const user = await load(name);
      const body = request.body ?? {};
      const issued = await tokens.issue(name, user.metadata.uid ?? '', {
        ...(body.expirationSeconds !== undefined ? { expiresInMs: body.expirationSeconds * 1000 } : {}),
        ...(body.gracePeriodSeconds !== undefined ? { graceMs: body.gracePeriodSeconds * 1000 } : {}),
      });
      request.log.info({ user: name }, 'issued a user token');
      const expiry = issued.expiresAt === null ? {} : { expirationTimestamp: new Date(issued.expiresAt).toISOString() };
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ token: issued.token, ...expiry });
    },
  );
  typed.delete(
    path,
    {
      schema: {
        tags: ['User'],
        security: [{ bearerAuth: [] }],
        params,
        summary: 'Revoke every token of a User at once',
        response: { 200: SuccessStatus, default: Status },
      },
      config: { access: 'admin', kind: 'User', authz: authz('delete') },
    },
    async (request) => {
      const { name } = request.params;
      const user = await load(name);
      await tokens.revokeAll(name, user.metadata.uid ?? '');
      request.log.info({ user: name }, 'revoked every token of a user');
      const message = `every token of User "${name}" is revoked`;
      return { apiVersion: 'v1' as const, kind: 'Status' as const, status: 'Success' as const, code: 200, message };
    },
  );
}
