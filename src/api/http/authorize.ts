// The one authorization hook of tmc's API: what a request does (verb, API group, resource,
// subresource, namespace, name, or a path), read off its route, judged by RBAC for users. Admin
// tokens (system:masters) pass, agent tokens keep their fixed rights (auth.ts).
import type { FastifyRequest } from 'fastify';
import type { Attributes, Authorizer } from '../../access/rbac.js';
import { denialMessage } from '../../access/rbac.js';
import { RequestVisibility, visibleTo } from '../../access/visibility.js';
import type { UserPrincipal } from '../../schemas/principal.js';
import { COLLECTION_VERBS, OBJECT_VERBS } from './verbs.js';
import { ApiError } from './errors.js';
import { collectionPath } from './resource-definition.js';
import { NAMESPACE_KIND } from '../../schemas/namespace.js';

/** What a route does that is not one of the generic resource routes (token issuance, reviews). */
export interface RouteAuthz {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** The route parameter naming the object, when not `name` (an agent's report names the target there). */
  nameParam?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What the request does, worked out once for RBAC and the audit log (attributesOnce). */
    attributes?: Attributes;
    /** For a user's list or watch: what it may show, which RBAC may narrow (access/visibility.ts). */
    visibility?: RequestVisibility;
  }
  interface FastifyContextConfig {
    /** For routes without `resource`: the RBAC attributes they stand for. */
    authz?: RouteAuthz;
  }
}

interface Params {
  namespace?: string;
  name?: string;
}

const isWatch = (query: unknown): boolean =>
  ['true', '1'].includes(String((query as { watch?: unknown } | undefined)?.watch));

export function attributesOf(request: FastifyRequest): Attributes {
  const { config, url: pattern } = request.routeOptions;
  const params = (request.params ?? {}) as Params;
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const namespace = params.namespace ?? '';
  const name = params.name ?? '';
  if (config.authz) {
    const { verb, apiGroup, resource, subresource = '', nameParam } = config.authz;
    const named = nameParam ? String((params as Record<string, unknown>)[nameParam] ?? '') : name;
    return { verb, namespace, apiGroup, resource, subresource, name: named };
  }
  const def = config.resource;
  if (!def || !pattern) return { verb: method.toLowerCase(), path: request.url.split('?')[0] ?? '' };
  const objectPath = `${collectionPath(def)}/:name`;
  // As kube-apiserver reads a request: a namespace's own path is inside that namespace, so a
  // RoleBinding there may grant reading it.
  const inside = def.kind === NAMESPACE_KIND && def.group === '' ? name : namespace;
  const base = { namespace: inside, apiGroup: def.group, resource: def.plural, name };
  if (pattern.startsWith(`${objectPath}/`)) {
    const subresource = pattern.slice(objectPath.length + 1);
    return { ...base, verb: OBJECT_VERBS[method] ?? method.toLowerCase(), subresource };
  }
  if (pattern === objectPath) return { ...base, verb: OBJECT_VERBS[method] ?? method.toLowerCase(), subresource: '' };
  const verb =
    method === 'GET' && isWatch(request.query) ? 'watch' : (COLLECTION_VERBS[method] ?? method.toLowerCase());
  return { ...base, verb, subresource: '' };
}

/** The request's attributes, worked out on first use and kept on the request. */
export function attributesOnce(request: FastifyRequest): Attributes {
  return (request.attributes ??= attributesOf(request));
}

/** A create names its object in the body: the audit log names it too, as kube-apiserver's does. */
export function nameCreated(request: FastifyRequest, name: string | undefined): void {
  const attributes = attributesOnce(request);
  if (name && attributes.path === undefined && !attributes.name) attributes.name = name;
}

/** A 403 Status in kube-apiserver's words, with the resource in its details, as kubectl shows it. */
export function denial(user: string, attributes: Attributes): ApiError {
  const details =
    attributes.path === undefined
      ? { ...(attributes.name ? { name: attributes.name } : {}), group: attributes.apiGroup, kind: attributes.resource }
      : undefined;
  return new ApiError(403, 'Forbidden', denialMessage(user, attributes), details);
}

/** A list or watch of a generic collection route: RBAC may grant part of it. */
const isCollectionRead = (request: FastifyRequest, a: Attributes): a is Extract<Attributes, { path?: undefined }> =>
  a.path === undefined &&
  (a.verb === 'list' || a.verb === 'watch') &&
  !a.name &&
  !a.subresource &&
  !request.routeOptions.config.authz &&
  !!request.routeOptions.config.resource;

/**
 * The decision for a user's request: undefined to go on, or the 403. A list or watch that RBAC
 * grants only in part goes on, with what it may show kept on the request for the route.
 */
export function authorizeUser(authorizer: Authorizer, request: FastifyRequest, user: UserPrincipal): Error | undefined {
  const attributes = attributesOnce(request);
  const allowed = authorizer.allows(user, attributes);
  if (!isCollectionRead(request, attributes)) return allowed ? undefined : denial(user.name, attributes);
  const namespaced = !!request.routeOptions.config.resource?.namespaced;
  const visible = allowed ? 'all' : visibleTo(authorizer, user, attributes, namespaced);
  if (!visible) return denial(user.name, attributes);
  request.visibility = new RequestVisibility(authorizer, user, attributes, namespaced, visible);
  return undefined;
}
