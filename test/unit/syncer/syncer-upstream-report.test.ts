// The agent's status reports ask for no answer (Prefer: return=minimal): a current server answers
// 204 without the object, a server from before answers 200 with it; both are a report taken in.
import { join } from 'node:path';
import Fastify from 'fastify';
import t from 'tap';
import { TokenFile } from '../../../src/syncer/upstream/token-file.js';
import { Upstream } from '../../../src/syncer/upstream/upstream-client.js';
import { silentLog } from '../../helpers/stores.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';

t.test('a report says Prefer: return=minimal, and a 204 or a 200 with the object both take it', async (t) => {
  for (const minimal of [true, false]) {
    const app = Fastify();
    const prefer: unknown[] = [];
    app.put(`${ST}/:name/deployments/:namespace/:object/status`, async (request, reply) => {
      prefer.push(request.headers.prefer);
      if (minimal) return reply.code(204).header('preference-applied', 'return=minimal').send();
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { syncTargets: [] } };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    t.teardown(() => app.close());
    const upstream = new Upstream({
      server: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
      target: 'edge-1',
      token: new TokenFile(join(t.testdir({ token: 'tmcagent_test' }), 'token'), silentLog),
    });
    t.teardown(() => upstream.close());
    const report = {
      observedGeneration: 1,
      state: 'Applied' as const,
      status: { replicas: 1 },
      health: { state: 'Healthy' as const, reason: 'Available' },
    };
    await t.resolves(upstream.reportStatus('deployments.apps', 'default', 'web', report), minimal ? '204' : '200');
    t.same(prefer, ['return=minimal']);
  }
});
