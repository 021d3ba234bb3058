// API-aware placement: agents report the API resources their cluster serves, and a kind goes
// only to targets that serve it; a target whose agent reported nothing takes every kind.
import t from 'tap';
import { ST_PATH, type TestApp, testApp } from '../helpers/app.js';
import { heartbeat, readTarget, targetWithToken } from '../helpers/agents.js';
import { named, pathOf, selected, waitEntries } from '../helpers/placed.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { PLACEMENT_PATH, createOk, deployment, DEPLOY_PATH, placement, waitPlaced } from '../helpers/workloads.js';

const CORE = [
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' },
  { group: 'apps', version: 'v1', resource: 'deployments/scale', kind: 'Scale' },
];
const HPA = {
  group: 'autoscaling',
  version: 'v2',
  resource: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
};

async function scheduled(app: TestApp, name: string, reason: string): Promise<any> {
  let last: unknown;
  return waitFor(
    async () => {
      const reply = await app.call('GET', `${PLACEMENT_PATH()}/${name}`);
      last = reply.json.status?.conditions?.find((c: any) => c.type === 'Scheduled');
      return (last as any)?.reason === reason ? last : undefined;
    },
    `Placement ${name} Scheduled reason ${reason} (last: ${JSON.stringify(last)})`,
  );
}

const beat = async (app: TestApp, name: string, token: string, body: unknown) => {
  const reply = await heartbeat(app, name, token, body);
  if (reply.statusCode !== 200) throw new Error(`heartbeat ${name}: ${reply.statusCode} ${reply.body}`);
};

forEachStore(t, (t) => {
  t.test('a kind goes only where it is served, the Placement says APINotServed, and follows a new list', async (t) => {
    const app = await testApp(t);
    const tokens: Record<string, string> = {};
    for (const name of ['a', 'b', 'c']) tokens[name] = await targetWithToken(app, name);
    await beat(app, 'a', tokens.a!, { apiResources: [...CORE, HPA], apiResourcesHash: 'a1' });
    await beat(app, 'b', tokens.b!, { apiResources: CORE, apiResourcesHash: 'b1' });
    await beat(app, 'c', tokens.c!, {});
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('all', {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment' },
          { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
        ],
        syncTargetSelector: {},
      }),
    );
    await createOk(app, DEPLOY_PATH(), deployment('web'));
    await createOk(app, pathOf('HorizontalPodAutoscaler'), named('HorizontalPodAutoscaler', 'web'));
    await waitPlaced(app, 'web', ['a', 'b', 'c']);
    await waitEntries(app, 'HorizontalPodAutoscaler', 'web', selected('a', 'c'));
    const condition = await scheduled(app, 'all', 'APINotServed');
    t.equal(condition.status, 'False');
    t.match(condition.message, 'HorizontalPodAutoscaler (autoscaling/v2) by SyncTarget b');
    t.notMatch(condition.message, 'SyncTarget c', 'a target that reported nothing serves every kind');

    // Only the digest: the stored list stays, and so does the placement.
    await beat(app, 'b', tokens.b!, { apiResourcesHash: 'b1' });
    const stored = await readTarget(app, 'b');
    t.same(stored.status.apiResources, CORE);
    t.equal(stored.status.apiResourcesHash, 'b1');

    await beat(app, 'b', tokens.b!, { apiResources: [...CORE, HPA], apiResourcesHash: 'b2' });
    await waitEntries(app, 'HorizontalPodAutoscaler', 'web', selected('a', 'b', 'c'));
    t.equal((await scheduled(app, 'all', 'Scheduled')).status, 'True');
  });

  t.test('a malformed resource list is refused with a Status and changes nothing', async (t) => {
    const app = await testApp(t);
    const token = await targetWithToken(app, 'a');
    const reply = await heartbeat(app, 'a', token, { apiResources: [{ group: 'apps', version: 'v1' }] });
    t.equal(reply.statusCode, 422);
    t.equal(reply.json.kind, 'Status');
    t.equal((await readTarget(app, 'a')).status?.apiResources, undefined);
    t.equal((await app.call('GET', `${ST_PATH}/a`)).statusCode, 200);
  });
});
