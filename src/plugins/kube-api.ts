// Discovery, the Kubernetes OpenAPI documents and Tables. Registered before the resource routes:
// it watches their registration, so what it serves always follows the routes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { installKubeApi } from '../api/discovery/kube-api.js';
import { VERSION } from '../version.js';

async function kubeApi(app: FastifyInstance): Promise<void> {
  installKubeApi(app, VERSION);
}

export default fp(kubeApi, { name: 'kube-api', dependencies: ['http', 'auth'] });
