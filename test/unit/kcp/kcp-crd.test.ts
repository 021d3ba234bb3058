// Whether the mirror installs, upgrades or leaves alone the SyncTarget CRD: only a CRD it
// installed itself (managed-by label) is ever changed, and an API kcp already serves through
// an APIBinding is used as it is.
import { pino } from 'pino';
import t from 'tap';
import { ensureCrd, loadCrdManifest } from '../../../src/kcp/crd.js';
import { NOT_FOUND, type Recorded, type Route, fakeKcp } from './kcp-fake.js';

const CRD = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/synctargets.workload.kcp.io';
const established = {
  conditions: [
    { type: 'Established', status: 'True' },
    { type: 'NamesAccepted', status: 'True' },
  ],
};
const log = pino({ level: 'silent' });

function withCrd(metadata: Record<string, unknown>): Route {
  return (method, path) => {
    if (path === CRD && method === 'GET')
      return [
        200,
        { metadata: { name: 'synctargets.workload.kcp.io', resourceVersion: '5', ...metadata }, status: established },
      ];
    if (path === CRD && method === 'PUT') return [200, {}];
    return NOT_FOUND;
  };
}

const writes = (requests: Recorded[]) => requests.filter((r) => r.method !== 'GET');

t.test('a CRD someone else installed is used as it is', async (t) => {
  const { client, requests } = await fakeKcp(t, withCrd({ labels: { owner: 'kcp' } }));
  t.equal(await ensureCrd(client, loadCrdManifest(), log), 'foreign');
  t.same(writes(requests), [], 'nothing written');
});

t.test('our CRD from the same manifest is left as it is; from an older one it is replaced', async (t) => {
  const manifest = loadCrdManifest();
  const current = await fakeKcp(
    t,
    withCrd({ labels: manifest.metadata?.labels, annotations: manifest.metadata?.annotations }),
  );
  t.equal(await ensureCrd(current.client, manifest, log), 'unchanged');
  t.same(writes(current.requests), []);

  const old = await fakeKcp(
    t,
    withCrd({ labels: manifest.metadata?.labels, annotations: { 'tmc.dev/manifest-sha256': 'old' } }),
  );
  t.equal(await ensureCrd(old.client, manifest, log), 'updated');
  const [put] = writes(old.requests);
  t.equal(put?.method, 'PUT');
  t.match(JSON.parse(put!.body), {
    metadata: { resourceVersion: '5', annotations: manifest.metadata?.annotations },
    spec: { scope: 'Cluster' },
  });
});

t.test('no CRD, but kcp serves SyncTargets (an APIBinding): nothing is installed', async (t) => {
  const { client, requests } = await fakeKcp(t, (_method, path) =>
    path === '/apis/workload.kcp.io/v1alpha1'
      ? [
          200,
          {
            kind: 'APIResourceList',
            groupVersion: 'workload.kcp.io/v1alpha1',
            resources: [
              {
                name: 'synctargets',
                kind: 'SyncTarget',
                namespaced: false,
                singularName: 'synctarget',
                verbs: ['get'],
              },
            ],
          },
        ]
      : NOT_FOUND,
  );
  t.equal(await ensureCrd(client, loadCrdManifest(), log), 'served');
  t.same(writes(requests), []);
});
