// The heartbeat carries the served-resource list only until the control plane has taken it, and
// again when discovery changes; discovery is read again only after the refresh interval.
import t from 'tap';
import { ServedResources } from '../../../src/syncer/downstream/served-resources.js';

function discovery() {
  const answers: Record<string, unknown> = {
    '/api': { versions: ['v1'] },
    '/apis': { groups: [{ name: 'apps', versions: [{ version: 'v1' }] }] },
    '/api/v1': { resources: [{ name: 'configmaps', kind: 'ConfigMap' }] },
    '/apis/apps/v1': { resources: [{ name: 'deployments', kind: 'Deployment' }] },
  };
  let reads = 0;
  const client = {
    call: async <T>(_method: string, path: string): Promise<T> => {
      reads++;
      return answers[path] as T;
    },
  };
  return { answers, client, reads: () => reads };
}

t.test('the list travels until acknowledged, then only its digest, and again when it changes', async (t) => {
  const d = discovery();
  let now = 0;
  const served = new ServedResources(d.client as never, 60_000, () => now);
  const first = await served.report();
  t.same(first.apiResources, [
    { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
    { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' },
  ]);
  t.match(first.apiResourcesHash, /^[0-9a-f]{64}$/);
  t.ok((await served.report()).apiResources, 'not acknowledged yet: sent again');
  served.acked = first.apiResourcesHash;
  t.same(await served.report(), { apiResourcesHash: first.apiResourcesHash }, 'only the digest');
  t.equal(d.reads(), 4, 'discovery read once within the refresh interval');

  d.answers['/apis/apps/v1'] = { resources: [{ name: 'statefulsets', kind: 'StatefulSet' }] };
  now = 60_000;
  const changed = await served.report();
  t.not(changed.apiResourcesHash, first.apiResourcesHash);
  t.match(changed.apiResources, [{}, { resource: 'statefulsets' }], 'a changed list travels again');
});
