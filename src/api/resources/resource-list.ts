// The list routes of a kind, in one namespace and (for namespaced kinds) in all of them; each
// also watches (?watch=true), which adds the verb to discovery.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fieldsMatch } from '../../lib/field-selector.js';
import { WATCHING, watchOrCheckList } from '../watch/list-watch.js';
import { WatchQuery } from '../watch/watch-query.js';
import { ListQuery, listObjects } from './list-query.js';
import type { Params, ResourceContext } from './resource-context.js';
import { apiVersionOf, collectionPath } from '../http/resource-definition.js';

export function registerList(ctx: ResourceContext): void {
  const { app, def, store, tags, security, answers } = ctx;
  const config = { ...ctx.config, watches: true };
  const querystring = Type.Object({ ...ListQuery.properties, ...WatchQuery.properties });
  const list = async (namespace: string | undefined, request: FastifyRequest, reply: FastifyReply) => {
    const parsed = await watchOrCheckList(store, def, namespace, request, reply);
    if (parsed === WATCHING) return reply;
    // A user's list shows what RBAC lets it see (access/visibility.ts), page by page as any filter.
    const visibility = request.visibility;
    const page = await listObjects(
      store,
      def.kind,
      namespace,
      request.query as ListQuery,
      (o) => fieldsMatch(parsed.fields, o) && (!visibility || visibility.shows(o)),
    );
    await def.present?.(page.items);
    return {
      apiVersion: apiVersionOf(def),
      kind: `${def.kind}List`,
      metadata: {
        resourceVersion: String(page.resourceVersion),
        ...(page.continueToken ? { continue: page.continueToken } : {}),
      },
      items: page.items,
    };
  };

  app.get(
    collectionPath(def),
    {
      schema: {
        tags,
        security,
        summary: `List ${def.kind}s`,
        ...ctx.collectionParams,
        querystring,
        response: answers(def.listSchema),
      },
      config,
    },
    async (request, reply) => list((request.params as Params).namespace, request, reply),
  );

  if (!def.namespaced) return;
  app.get(
    collectionPath(def, false),
    {
      schema: {
        tags,
        security,
        summary: `List ${def.kind}s in all namespaces`,
        querystring,
        response: answers(def.listSchema),
      },
      config,
    },
    async (request, reply) => list(undefined, request, reply),
  );
}
