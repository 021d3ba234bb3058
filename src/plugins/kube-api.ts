// Discovery, the Kubernetes OpenAPI documents and Tables. Registered before the resource routes:
// it watches their registration, so what it serves always follows the routes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type KubeApi, installKubeApi } from '../api/discovery/kube-api.js';
import { VERSION } from '../version.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What discovery and the Kubernetes OpenAPI documents serve: custom resources add to it. */
    kubeApi: KubeApi;
  }
}

async function kubeApi(app: FastifyInstance): Promise<void> {
  app.decorate('kubeApi', installKubeApi(app, VERSION));
}

export default fp(kubeApi, { name: 'kube-api', dependencies: ['http', 'auth'] });
