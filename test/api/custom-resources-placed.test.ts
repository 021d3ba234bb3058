// Custom resources placed on SyncTargets, on both stores: a Placement may name a custom kind before
// its definition exists; once defined, its objects are placed like any kind, each target's feed
// carries the definition first (kept downstream when the last object leaves), a changed
// definition reaches the targets holding its objects, an Override changes a custom field per
// target, and agents report the objects' state through the parametric report route.
import t from 'tap';
import { ST_PATH, syncTarget, type TestApp, testApp } from '../helpers/app.js';
import { heartbeat as beat, targetWithToken } from '../helpers/agents.js';
import { OBJECTS_FEED_PATH, REPORT_PATH, objectsShowing } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { PLACEMENT_PATH, createOk, heartbeat, placement } from '../helpers/workloads.js';
import { CRD_PATH, WIDGETS, widget, widgetCrd } from './custom-resources-setup.js';
import { OVERRIDES, override } from './overrides-setup.js';

const WIDGET = { apiVersion: 'example.com/v1', kind: 'Widget' };
const DEFINITION = 'CustomResourceDefinition /widgets.example.com';
const report = {
  observedGeneration: 1,
  state: 'Applied',
  health: { state: 'Healthy', reason: 'Ready' },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

async function world(app: TestApp): Promise<void> {
  await createOk(app, ST_PATH, syncTarget('edge-eu', { region: 'eu' }));
  await createOk(app, ST_PATH, syncTarget('edge-us', { region: 'us' }));
  for (const name of ['edge-eu', 'edge-us']) await heartbeat(app, name);
}

const placementOf = (selectors: unknown[]) =>
  placement('widgets', { resourceSelectors: selectors, syncTargetSelector: { matchExpressions: [] } });

forEachStore(t, (t) => {
  t.test('a Placement names a custom kind before its definition; the feed carries the definition first', async (t) => {
    const app = await testApp(t);
    await world(app);
    const selector = { ...WIDGET, labelSelector: { matchLabels: { app: 'shop' } } };
    const wrongGroup = await app.call('POST', PLACEMENT_PATH(), placementOf([{ ...selector, apiVersion: 'apps/v1' }]));
    t.equal(wrongGroup.statusCode, 422, 'a kind tmc does not serve in a built-in group');
    t.match(wrongGroup.json.message, 'custom resources by their own group');
    const crds = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
    const definitions = await app.call('POST', PLACEMENT_PATH(), placementOf([crds]));
    t.equal(definitions.statusCode, 422, 'definitions go with their objects, never on their own');
    await createOk(app, PLACEMENT_PATH(), placementOf([selector]));

    t.equal((await app.call('POST', CRD_PATH, widgetCrd())).statusCode, 201);
    await waitFor(async () => (await app.call('GET', WIDGETS)).statusCode === 200, 'widgets served');
    await createOk(app, WIDGETS, { ...widget('w1'), metadata: { name: 'w1', labels: { app: 'shop' } } });
    await createOk(app, WIDGETS, widget('unlabelled'));
    const feed = await objectsShowing(app, 'edge-eu', [DEFINITION, 'Widget default/w1']);
    const [definition, item] = feed.items;
    t.match(definition, {
      apiVersion: 'apiextensions.k8s.io/v1',
      metadata: { name: 'widgets.example.com', namespace: '', syncPolicy: { deletionPolicy: 'Orphan' } },
      spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget' } },
    });
    t.notOk('status' in definition, "the definition's status is not applied downstream");
    t.same(item.spec, { size: 2, color: 'red' }, 'the object as stored, defaults in');
    await objectsShowing(app, 'edge-us', [DEFINITION, 'Widget default/w1']);

    // A new printer column changes the definition: both targets' feeds move on.
    const patch = { spec: { versions: [{ ...widgetCrd().spec.versions[0], additionalPrinterColumns: [] }] } };
    const patched = await app.call('PATCH', `${CRD_PATH}/widgets.example.com`, patch, {
      contentType: 'application/merge-patch+json',
    });
    t.equal(patched.statusCode, 200, patched.body);
    const moved = await waitFor(async () => {
      const now = (await app.call('GET', OBJECTS_FEED_PATH('edge-eu'))).json;
      return Number(now.resourceVersion) > Number(feed.resourceVersion) && now;
    }, 'the feed version to move with the definition');
    t.same(moved.items[0].spec.versions[0].additionalPrinterColumns, [], 'the feed serves the new definition');

    const deleted = await app.call('DELETE', `${WIDGETS}/w1`);
    t.equal(deleted.statusCode, 200);
    await objectsShowing(app, 'edge-eu', []);
  });

  t.test('agents report on custom resources; an Override changes a custom field on one target', async (t) => {
    const app = await testApp(t);
    await world(app);
    t.equal((await app.call('POST', CRD_PATH, widgetCrd())).statusCode, 201);
    await waitFor(async () => (await app.call('GET', WIDGETS)).statusCode === 200, 'widgets served');
    await createOk(app, WIDGETS, widget('w1'));
    await createOk(app, PLACEMENT_PATH(), placementOf([{ ...WIDGET, names: ['w1'] }]));
    await objectsShowing(app, 'edge-eu', [DEFINITION, 'Widget default/w1']);

    const tokenOf = async (name: string) => (await app.call('POST', `${ST_PATH}/${name}/tokens`)).json.token as string;
    const path = REPORT_PATH('edge-eu', 'widgets.example.com', 'default', 'w1');
    const taken = await app.call('PUT', path, report, { token: await tokenOf('edge-eu') });
    t.equal(taken.statusCode, 200, taken.body);
    const entries = (await app.call('GET', `${WIDGETS}/w1`)).json.status.syncTargets;
    t.match(entries, [
      { name: 'edge-eu', state: 'Applied', health: { state: 'Healthy', reason: 'Ready' } },
      { name: 'edge-us', state: 'Pending' },
    ]);
    t.same(entries[0].status, report.status, "the object's downstream status as reported");
    const token = await tokenOf('edge-us');
    const other = await app.call('PUT', path, report, { token });
    t.equal(other.statusCode, 403, "another target's path");
    const unknown = REPORT_PATH('edge-us', 'gadgets.example.com', 'default', 'w1');
    const notServed = await app.call('PUT', unknown, report, { token });
    t.equal(notServed.statusCode, 404, 'a resource no definition serves');
    t.match(notServed.json, { kind: 'Status', reason: 'NotFound', message: /gadgets\.example\.com/ });
    const bad = await app.call('PUT', REPORT_PATH('edge-us', 'widgets.example.com', 'default', 'w1'), {}, { token });
    t.equal(bad.statusCode, 422, 'a report without its fields');

    const bigger = override('eu-size', [{ op: 'replace', path: '/spec/size', value: 5 }], undefined, [
      { ...WIDGET, names: ['w1'] },
    ]);
    await createOk(app, OVERRIDES, bigger);
    const sizeOn = async (target: string) =>
      (await app.call('GET', OBJECTS_FEED_PATH(target))).json.items.find((i: any) => i.kind === 'Widget')?.spec.size;
    await waitFor(async () => (await sizeOn('edge-eu')) === 5, 'the override on edge-eu');
    t.equal(await sizeOn('edge-us'), 2, 'edge-us keeps the object as it is');
    const refused = override('bad', [{ image: { tag: 'v2' } }], undefined, [{ ...WIDGET, names: ['w1'] }]);
    t.equal((await app.call('POST', OVERRIDES, refused)).statusCode, 422, 'a Widget has no pod template');
  });

  t.test('a custom kind goes where the cluster takes definitions, whether or not it serves the kind yet', async (t) => {
    const app = await testApp(t);
    const definitions = { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' };
    const core = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' };
    const served = {
      'edge-eu': [core, { ...definitions, resource: 'customresourcedefinitions' }],
      'edge-us': [core],
    };
    for (const [name, apiResources] of Object.entries(served)) {
      const token = await targetWithToken(app, name);
      const reply = await beat(app, name, token, { apiResources, apiResourcesHash: name });
      t.equal(reply.statusCode, 200, reply.body);
    }
    t.equal((await app.call('POST', CRD_PATH, widgetCrd())).statusCode, 201);
    await waitFor(async () => (await app.call('GET', WIDGETS)).statusCode === 200, 'widgets served');
    await createOk(app, WIDGETS, widget('w1'));
    const rule = placement('widgets', {
      resourceSelectors: [{ ...WIDGET, names: ['w1'] }],
      syncTargetNames: ['edge-eu', 'edge-us'],
    });
    await createOk(app, PLACEMENT_PATH(), rule);
    await objectsShowing(app, 'edge-eu', [DEFINITION, 'Widget default/w1']);
    const scheduled = await waitFor(async () => {
      const { json } = await app.call('GET', `${PLACEMENT_PATH()}/widgets`);
      return json.status?.conditions?.find((c: any) => c.type === 'Scheduled' && c.reason === 'APINotServed');
    }, 'the Placement to say edge-us does not serve Widgets');
    t.match(scheduled.message, 'Widget (example.com/v1) by SyncTarget edge-us');
    t.same((await app.call('GET', OBJECTS_FEED_PATH('edge-us'))).json.items, [], 'nothing on edge-us');
  });
});
