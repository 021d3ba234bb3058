// The dashboard at /ui. Its files are dist/ui, two folders up from this module whether it runs
// compiled (dist/plugins) or from the sources (src/plugins, in tests).
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { readDashboard, registerDashboard } from '../api/http/dashboard.js';

const BUILT = fileURLToPath(new URL('../../dist/ui/', import.meta.url));

async function dashboard(app: FastifyInstance): Promise<void> {
  registerDashboard(app, readDashboard(BUILT));
}

export default fp(dashboard, { name: 'dashboard', dependencies: ['auth'] });
