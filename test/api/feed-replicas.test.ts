// Two real server processes on one PostgreSQL database: an agent's long poll held on one
// replica is woken by a Deployment created on the other (and placed by whichever leads), and
// a status report sent to either is seen by both.
import t from 'tap';
import { startReplicas } from '../helpers/replicas.js';
import { waitFor } from '../helpers/wait.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const FEED = `${ST}/edge-1/deployments`;

t.test('the feed and status reports work across replicas', async (t) => {
  const {
    replicas: [a, b],
  } = await startReplicas(t, 2);
  t.equal((await a!.call('POST', ST, { metadata: { name: 'edge-1' } })).statusCode, 201);
  t.equal((await a!.call('POST', `${ST}/edge-1/heartbeat`, {})).statusCode, 200);
  t.equal(
    (
      await a!.call('POST', '/apis/scheduling.kcp.io/v1alpha1/namespaces/shop/placements', {
        metadata: { name: 'all' },
        spec: { syncTargetNames: ['edge-1'] },
      })
    ).statusCode,
    201,
  );

  const first = await b!.call('GET', FEED);
  t.equal(first.statusCode, 200);
  t.same(first.json.items, []);
  const held = b!.call('GET', `${FEED}?resourceVersion=${first.json.resourceVersion}&timeoutSeconds=60`);
  await waitFor(
    async () => /^tmc_feed_waiters 1$/m.test(await (await fetch(`${b!.server.url}/metrics`)).text()),
    'the poll is held on b',
  );

  const created = await a!.call('POST', '/apis/apps/v1/namespaces/shop/deployments', {
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } },
  });
  t.equal(created.statusCode, 201);
  const woken = await held;
  t.equal(woken.statusCode, 200, 'b woke for a change made through a');
  t.same(
    woken.json.items.map((d: any) => d.metadata.name),
    ['web'],
  );

  const report = await b!.call('PUT', `${ST}/edge-1/deployments/shop/web/status`, {
    observedGeneration: 1,
    state: 'Applied',
    status: { replicas: 1, readyReplicas: 1 },
  });
  t.equal(report.statusCode, 200);
  const seen = await a!.call('GET', '/apis/apps/v1/namespaces/shop/deployments/web');
  t.match(seen.json.status, { replicas: 1, syncTargets: [{ name: 'edge-1', state: 'Applied', readyReplicas: 1 }] });
});
