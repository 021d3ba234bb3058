// The routes of a kind, recorded rather than registered: Fastify takes no routes once it listens,
// so the routes a CustomResourceDefinition adds are made by the same code as every other kind's
// (registerResource, registerStatus) against this recorder, and its parametric routes
// (custom-routes.ts) dispatch to them. A kind served this way behaves exactly as a built-in one.
import type { FastifyInstance, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import type { Store } from '../../store/types.js';
import { patching } from '../patch/patching.js';
import { registerResource } from '../resources/resource-routes.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { registerStatus } from '../resources/subresource-status.js';

export interface RecordedRoute extends RouteShorthandOptions {
  method: string;
  url: string;
  handler: RouteHandlerMethod;
}

/** "POST /apis/g/v/namespaces/:namespace/widgets": how a request finds its recorded route. */
export const routeKey = (method: string, url: string): string => `${method} ${url}`;

/** The routes of one kind: its resource routes, and /status when `status` is true. */
export function recordRoutes(def: ResourceDefinition, store: Store, status: boolean): RecordedRoute[] {
  const routes: RecordedRoute[] = [];
  const record =
    (method: string) =>
    (url: string, options: RouteShorthandOptions, handler: RouteHandlerMethod): void => {
      routes.push({ ...options, method, url, handler });
    };
  const recorder = {
    get: record('GET'),
    post: record('POST'),
    put: record('PUT'),
    patch: record('PATCH'),
    delete: record('DELETE'),
    withTypeProvider: () => recorder,
  };
  const app = recorder as unknown as FastifyInstance;
  registerResource(app, def, store, patching);
  if (status) registerStatus(app, def, store, patching.patchObject);
  return routes;
}
