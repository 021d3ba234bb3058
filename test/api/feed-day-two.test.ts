// The day-two policy of Placements reaches each target's agent: the scheduler writes the merged
// policy of the Placements that chose a target into that target's entry, the feed hands it out
// in the item's metadata.syncPolicy, a policy change moves the feed version, and an agent's
// report of retained fields and an adoption shows in the entry.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { CORE_PATH, OBJECTS_FEED_PATH, REPORT_PATH } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { DEPLOY_PATH, PLACEMENT_PATH, createOk, deployment, heartbeat, placement } from '../helpers/workloads.js';

const selector = [{ apiVersion: 'v1', kind: 'ConfigMap', names: ['cfg'] }];
const policyOn = async (app: Awaited<ReturnType<typeof testApp>>, target: string) => {
  const feed = (await app.call('GET', OBJECTS_FEED_PATH(target))).json;
  return feed.items.length === 1
    ? { policy: feed.items[0].metadata.syncPolicy, version: feed.resourceVersion }
    : undefined;
};

forEachStore(t, (t) => {
  t.test('each target gets the merged policy of the Placements that chose it', async (t) => {
    const app = await testApp(t);
    for (const name of ['edge-1', 'edge-2', 'edge-3']) {
      await createOk(app, ST_PATH, syncTarget(name));
      await heartbeat(app, name);
    }
    await createOk(app, CORE_PATH('configmaps'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { a: '1' },
    });
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('keep', {
        resourceSelectors: selector,
        syncTargetNames: ['edge-1', 'edge-2'],
        deletionPolicy: 'Orphan',
        ignoreFields: [{ path: '/data/a', when: 'OnDownstreamChange' }],
      }),
    );
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('adopt', {
        resourceSelectors: selector,
        syncTargetNames: ['edge-2'],
        conflictResolution: 'Adopt',
      }),
    );
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('plain', { resourceSelectors: selector, syncTargetNames: ['edge-3'] }),
    );

    const one = await waitFor(async () => {
      const p = await policyOn(app, 'edge-1');
      return p?.policy && p;
    }, 'the policy in the feed of edge-1');
    t.same(one.policy, { ignoreFields: [{ path: '/data/a', when: 'OnDownstreamChange' }], deletionPolicy: 'Orphan' });
    const two = await waitFor(async () => {
      const p = await policyOn(app, 'edge-2');
      return p?.policy?.conflictResolution && p;
    }, 'the merged policy in the feed of edge-2');
    t.same(two.policy, {
      ignoreFields: [{ path: '/data/a', when: 'OnDownstreamChange' }],
      conflictResolution: 'Adopt',
      deletionPolicy: 'Orphan',
    });
    const three = await waitFor(() => policyOn(app, 'edge-3'), 'the feed of edge-3');
    t.notOk(
      'syncPolicy' in (await app.call('GET', OBJECTS_FEED_PATH('edge-3'))).json.items[0].metadata,
      'no policy: the defaults',
    );
    t.ok(three);
    const entries = (await app.call('GET', `${CORE_PATH('configmaps')}/cfg`)).json.status.syncTargets;
    t.same(
      entries.map((e: any) => e.policy?.deletionPolicy),
      ['Orphan', 'Orphan', undefined],
      'the entries show the policy',
    );

    await app.call(
      'PATCH',
      `${PLACEMENT_PATH()}/keep`,
      { spec: { deletionPolicy: null } },
      { contentType: 'application/merge-patch+json' },
    );
    const changed = await waitFor(async () => {
      const p = await policyOn(app, 'edge-1');
      return p && p.policy?.deletionPolicy === undefined && p;
    }, 'the policy change in the feed of edge-1');
    t.ok(Number(changed.version) > Number(one.version), 'a policy change moves the feed version');
    t.same(changed.policy, { ignoreFields: [{ path: '/data/a', when: 'OnDownstreamChange' }] });

    const token = (await app.call('POST', `${ST_PATH}/edge-2/tokens`)).json.token as string;
    const report = {
      observedGeneration: 1,
      state: 'Applied',
      health: { state: 'Healthy', reason: 'Exists' },
      status: {},
      retained: ['/data/a'],
      adopted: true,
      message: 'Adopted: the object existed downstream and was taken over in place',
    };
    const put = await app.call('PUT', REPORT_PATH('edge-2', 'configmaps', 'default', 'cfg'), report, { token });
    t.equal(put.statusCode, 200, put.body);
    const entry = (await app.call('GET', `${CORE_PATH('configmaps')}/cfg`)).json.status.syncTargets.find(
      (e: any) => e.name === 'edge-2',
    );
    t.match(entry, {
      state: 'Applied',
      retained: ['/data/a'],
      adopted: true,
      message: /^Adopted/,
      policy: { conflictResolution: 'Adopt' },
    });
  });

  t.test('dependencies take the policy of what needs them there, not its ignoreFields', async (t) => {
    const app = await testApp(t);
    for (const name of ['edge-1', 'edge-2']) {
      await createOk(app, ST_PATH, syncTarget(name));
      await heartbeat(app, name);
    }
    await createOk(app, CORE_PATH('configmaps'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'env' } });
    const container = { name: 'main', image: 'web:1', envFrom: [{ configMapRef: { name: 'env' } }] };
    await createOk(
      app,
      DEPLOY_PATH(),
      deployment(
        'web',
        {},
        {
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
        },
      ),
    );
    const webOnly = { deploymentSelector: { matchLabels: { app: 'web' } } };
    await createOk(
      app,
      PLACEMENT_PATH(),
      placement('migrate', {
        ...webOnly,
        syncTargetNames: ['edge-1'],
        conflictResolution: 'Adopt',
        deletionPolicy: 'Orphan',
        ignoreFields: [{ path: '/spec/replicas' }],
      }),
    );
    await createOk(app, PLACEMENT_PATH(), placement('plain', { ...webOnly, syncTargetNames: ['edge-2'] }));
    const entries = await waitFor(async () => {
      const got = (await app.call('GET', `${CORE_PATH('configmaps')}/env`)).json.status?.syncTargets ?? [];
      return got.length === 2 && got[0].policy && got;
    }, 'the ConfigMap placed on both with a policy on edge-1');
    t.same(
      entries.map((e: any) => [e.name, e.reason, e.policy]),
      [
        ['edge-1', 'DependencyOf', { conflictResolution: 'Adopt', deletionPolicy: 'Orphan' }],
        ['edge-2', 'DependencyOf', undefined],
      ],
    );

    await app.call(
      'PATCH',
      `${PLACEMENT_PATH()}/migrate`,
      { spec: { conflictResolution: null } },
      { contentType: 'application/merge-patch+json' },
    );
    const after = await waitFor(async () => {
      const got = (await app.call('GET', `${CORE_PATH('configmaps')}/env`)).json.status.syncTargets;
      return got[0].policy?.conflictResolution === undefined && got;
    }, "the dependency following its Deployment's policy change");
    t.same(after[0].policy, { deletionPolicy: 'Orphan' });
  });
});
