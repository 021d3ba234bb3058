// Divided by capacity: the shares follow the freePods each agent reports in its heartbeat (else
// its allocatable pods), move when a report changes, and a spec giving both static weights and
// byCapacity is refused at admission, naming the field, with nothing stored.
import t from 'tap';
import { ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { DEPLOY_PATH, PLACEMENT_PATH, createOk, deployment, feedNow, placement } from '../helpers/workloads.js';

const beat = async (app: TestApp, target: string, body: Record<string, unknown>) => {
  const reply = await app.call('POST', `${ST_PATH}/${target}/heartbeat`, body);
  if (reply.statusCode !== 200) throw new Error(`heartbeat of ${target}: ${reply.statusCode} ${reply.body}`);
};

async function feedShares(app: TestApp, want: Record<string, number>): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      const got: Record<string, unknown> = {};
      for (const target of Object.keys(want)) {
        got[target] = (await feedNow(app, target)).items.find((i) => i.metadata.name === 'web')?.spec?.replicas;
      }
      last = JSON.stringify(got);
      return last === JSON.stringify(want);
    },
    `feed shares ${JSON.stringify(want)} (last: ${last})`,
  );
}

forEachStore(t, (t) => {
  t.test('byCapacity divides by the free pods agents report, else allocatable pods', async (t) => {
    const app = await testApp(t);
    for (const name of ['a', 'b', 'c']) await createOk(app, ST_PATH, syncTarget(name));
    await beat(app, 'a', { allocatable: { pods: '110' }, freePods: 60 });
    await beat(app, 'b', { allocatable: { pods: '110' }, freePods: 20 });
    // No freePods (an older agent): its allocatable pods count.
    await beat(app, 'c', { allocatable: { pods: '20' } });
    const spec = { syncTargetSelector: {}, replicaScheduling: { type: 'Divided', byCapacity: true } };
    await createOk(app, PLACEMENT_PATH(), placement('all', spec));
    await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 10 }));
    await feedShares(app, { a: 6, b: 2, c: 2 });

    // A heartbeat that leaves the figures out keeps them; a new freePods moves the shares.
    await beat(app, 'a', {});
    await beat(app, 'a', { freePods: 20 });
    await feedShares(app, { a: 4, b: 3, c: 3 });
    const stored = (await app.call('GET', `${ST_PATH}/a`)).json.status;
    t.same([stored.freePods, stored.allocatable], [20, { pods: '110' }], 'the allocatable pods kept');
  });

  t.test('weights and byCapacity together are refused, naming the field', async (t) => {
    const app = await testApp(t);
    const both = { type: 'Divided', byCapacity: true, weights: [{ name: 'a', weight: 2 }] };
    const created = await app.call(
      'POST',
      PLACEMENT_PATH(),
      placement('both', { syncTargetSelector: {}, replicaScheduling: both }),
    );
    t.equal(created.statusCode, 422, created.body);
    t.match(created.json, {
      kind: 'Status',
      reason: 'Invalid',
      details: { causes: [{ reason: 'FieldValueForbidden', field: 'spec.replicaScheduling.byCapacity' }] },
    });
    t.equal((await app.call('GET', `${PLACEMENT_PATH()}/both`)).statusCode, 404, 'nothing stored');

    // Each alone is fine, and byCapacity: false beside weights too.
    const weighted = { type: 'Divided', byCapacity: false, weights: [{ name: 'a', weight: 2 }] };
    await createOk(app, PLACEMENT_PATH(), placement('w', { syncTargetSelector: {}, replicaScheduling: weighted }));
    // The spec, not the resourceVersion: the scheduler writes the Placement's status meanwhile.
    const before = (await app.call('GET', `${PLACEMENT_PATH()}/w`)).json.spec;
    const patched = await app.call(
      'PATCH',
      `${PLACEMENT_PATH()}/w`,
      { spec: { replicaScheduling: { byCapacity: true } } },
      { contentType: 'application/merge-patch+json' },
    );
    t.equal(patched.statusCode, 422, 'a patch that adds byCapacity to weights is refused');
    t.match(patched.json.details.causes, [{ field: 'spec.replicaScheduling.byCapacity' }]);
    const after = (await app.call('GET', `${PLACEMENT_PATH()}/w`)).json.spec;
    t.same(after, before, 'the refused patch changed nothing');
  });
});
