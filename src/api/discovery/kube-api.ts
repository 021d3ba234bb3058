// tmc's API as Kubernetes clients expect it around the resource routes: discovery, the
// Kubernetes OpenAPI documents and Tables. Installed before the resource routes, whose
// registration it watches, so everything it serves follows the routes.
import type { FastifyInstance } from 'fastify';
import { ApiResources } from './api-resources.js';
import { registerDiscovery } from './discovery.js';
import { KubeOpenApi } from './kube-openapi.js';
import { registerKubeOpenApi } from './kube-openapi-routes.js';
import { installTables } from '../http/table.js';

export interface KubeApi {
  resources: ApiResources;
  openApi: KubeOpenApi;
}

export function installKubeApi(app: FastifyInstance, version: string): KubeApi {
  const resources = new ApiResources(app);
  registerDiscovery(app, resources, version);
  const openApi = new KubeOpenApi(resources, version);
  registerKubeOpenApi(app, openApi);
  installTables(app);
  return { resources, openApi };
}
