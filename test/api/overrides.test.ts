// Overrides through the API on both stores: the feed of a target an Override selects carries the
// changed object, another target's feed the object as it is; the object's per-target status entry
// names the Overrides applied there; changing an Override, or a target's labels, changes the feeds
// it touches; admission refuses a malformed pointer and a change that cannot apply, naming it.
import t from 'tap';
import { ADMIN_TOKEN, ST_PATH, expectRefusals, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { CORE_PATH, OBJECTS_FEED_PATH, place } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { DEPLOY_PATH, createOk, deployment, entriesOf, heartbeat } from '../helpers/workloads.js';

const OVERRIDES = '/apis/scheduling.kcp.io/v1alpha1/namespaces/default/overrides';
const KUBECTL_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const WEB = { apiVersion: 'apps/v1', kind: 'Deployment', names: ['web'] };
const override = (
  name: string,
  changes: unknown[],
  targetSelector: unknown = { matchLabels: { region: 'eu' } },
  resourceSelectors: unknown[] = [WEB],
) => ({
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Override',
  metadata: { name },
  spec: { resourceSelectors, targetSelector, changes },
});

async function shop(app: TestApp): Promise<void> {
  await createOk(app, ST_PATH, syncTarget('edge-eu', { region: 'eu' }));
  await createOk(app, ST_PATH, syncTarget('edge-us', { region: 'us' }));
  for (const name of ['edge-eu', 'edge-us']) await heartbeat(app, name);
  await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 2 }));
  await place(app, 'Deployment', 'web', ['edge-eu', 'edge-us']);
}

/** The Deployment web as the feed of `target` carries it, once `ok` holds of it. */
async function webOn(app: TestApp, target: string, ok: (web: any) => boolean, what: string): Promise<any> {
  let last: unknown;
  return waitFor(
    async () => {
      const reply = await app.call('GET', OBJECTS_FEED_PATH(target));
      const web = reply.json.items.find((i: any) => i.metadata.name === 'web');
      last = web?.spec;
      return web && ok(web) && { ...web, resourceVersion: reply.json.resourceVersion };
    },
    `${what} (last seen: ${JSON.stringify(last)})`,
  );
}
const image = (web: any): string => web.spec.template.spec.containers[0].image;

async function overridesOn(app: TestApp, want: Record<string, string[] | undefined>): Promise<void> {
  let last: unknown;
  await waitFor(
    async () => {
      const entries = await entriesOf(app, 'web');
      last = Object.fromEntries(entries.map((e) => [e.name, e.overrides]));
      return JSON.stringify(last) === JSON.stringify(want);
    },
    `the status entries of web to name ${JSON.stringify(want)} (last seen: ${JSON.stringify(last)})`,
  );
}

forEachStore(t, (t) => {
  t.test('an Override changes the object in the feed of the targets it selects, and only there', async (t) => {
    const app = await testApp(t);
    await shop(app);
    const usBefore = await webOn(app, 'edge-us', (w) => image(w) === 'nginx:1.27', 'web on edge-us');
    await createOk(
      app,
      OVERRIDES,
      override('eu-registry', [
        { image: { registry: 'eu.gcr.io' } },
        { replicas: 5 },
        { op: 'add', path: '/spec/template/spec/nodeSelector', value: { zone: 'eu-1' } },
      ]),
    );
    const eu = await webOn(app, 'edge-eu', (w) => image(w) === 'eu.gcr.io/nginx:1.27', 'the overridden web on edge-eu');
    t.equal(eu.spec.replicas, 5, 'replicas set');
    t.same(eu.spec.template.spec.nodeSelector, { zone: 'eu-1' }, 'the JSON pointer add applied');
    const us = await webOn(app, 'edge-us', () => true, 'web on edge-us');
    t.equal(image(us), 'nginx:1.27', "another target's feed carries the object as it is");
    t.equal(us.spec.replicas, 2);
    t.equal(us.resourceVersion, usBefore.resourceVersion, "the other target's feed did not move");
    await overridesOn(app, { 'edge-eu': ['eu-registry'], 'edge-us': undefined });

    // A second Override applies after the first, by name: its tag wins over nothing, its replicas over 5.
    await createOk(app, OVERRIDES, override('z-later', [{ replicas: 3 }, { image: { tag: '2.0' } }], {}));
    await webOn(app, 'edge-eu', (w) => image(w) === 'eu.gcr.io/nginx:2.0' && w.spec.replicas === 3, 'both, by name');
    await webOn(app, 'edge-us', (w) => image(w) === 'nginx:2.0' && w.spec.replicas === 3, 'the one for every target');
    await overridesOn(app, { 'edge-eu': ['eu-registry', 'z-later'], 'edge-us': ['z-later'] });

    // Changing an Override changes the feed.
    const patched = await app.call(
      'PATCH',
      `${OVERRIDES}/eu-registry`,
      { spec: { changes: [{ image: { registry: 'mirror.eu.example:5000' } }] } },
      { contentType: 'application/merge-patch+json' },
    );
    t.equal(patched.statusCode, 200, patched.body);
    await webOn(app, 'edge-eu', (w) => image(w) === 'mirror.eu.example:5000/nginx:2.0', 'the changed Override applied');

    // A target's labels decide: edge-us joins region eu.
    const relabelled = await app.call(
      'PATCH',
      `${ST_PATH}/edge-us`,
      { metadata: { labels: { region: 'eu' } } },
      { contentType: 'application/merge-patch+json' },
    );
    t.equal(relabelled.statusCode, 200, relabelled.body);
    await webOn(app, 'edge-us', (w) => image(w) === 'mirror.eu.example:5000/nginx:2.0', 'the relabelled target');
    await overridesOn(app, { 'edge-eu': ['eu-registry', 'z-later'], 'edge-us': ['eu-registry', 'z-later'] });

    // Deleting them gives the object back as it is.
    for (const name of ['eu-registry', 'z-later']) {
      t.equal((await app.call('DELETE', `${OVERRIDES}/${name}`)).statusCode, 200);
    }
    const back = await webOn(app, 'edge-eu', (w) => image(w) === 'nginx:1.27', 'web as it is again');
    t.equal(back.spec.replicas, 2);
    t.notOk('nodeSelector' in back.spec.template.spec);
    await overridesOn(app, { 'edge-eu': undefined, 'edge-us': undefined });
    const stored = (await app.call('GET', `${DEPLOY_PATH()}/web`)).json;
    t.equal(image(stored), 'nginx:1.27', 'the stored object never changed');
  });

  t.test('an Override selecting a ConfigMap by label, listed and read back', async (t) => {
    const app = await testApp(t);
    await createOk(app, ST_PATH, syncTarget('edge-eu', { region: 'eu' }));
    await heartbeat(app, 'edge-eu');
    await createOk(app, CORE_PATH('configmaps'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', labels: { tier: 'web' } },
      data: { url: 'https://us.example' },
    });
    await place(app, 'ConfigMap', 'cfg', ['edge-eu']);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', labelSelector: { matchLabels: { tier: 'web' } } };
    const url = { op: 'replace', path: '/data/url', value: 'https://eu.example' };
    await createOk(app, OVERRIDES, override('eu-url', [url], {}, [cm]));
    await waitFor(
      async () =>
        (await app.call('GET', OBJECTS_FEED_PATH('edge-eu'))).json.items[0]?.data?.url === 'https://eu.example',
      'the ConfigMap overridden',
    );
    const list = await app.call('GET', OVERRIDES);
    t.equal(list.statusCode, 200);
    t.same(
      list.json.items.map((o: any) => o.metadata.name),
      ['eu-url'],
    );
    t.match(list.json, { kind: 'OverrideList', apiVersion: 'scheduling.kcp.io/v1alpha1' });
    // What `kubectl get overrides` asks for and prints.
    const table = (
      await app.app.inject({
        method: 'GET',
        url: OVERRIDES,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, accept: KUBECTL_ACCEPT },
      })
    ).json();
    t.match(table, { kind: 'Table', rows: [{ cells: ['eu-url', '<all>', '1', /^\d+s$/] }] });
    t.same(
      table.columnDefinitions.map((c: { name: string }) => c.name),
      ['Name', 'Target Selector', 'Changes', 'Age', 'Resources'],
    );
  });

  t.test('server-side apply (kubectl apply --server-side) takes any value, and a new one replaces it', async (t) => {
    const app = await testApp(t);
    await shop(app);
    const yaml = (zone: string) =>
      [
        'apiVersion: scheduling.kcp.io/v1alpha1',
        'kind: Override',
        'metadata: {name: zone}',
        'spec:',
        '  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, names: [web]}]',
        '  targetSelector: {}',
        `  changes: [{op: add, path: /spec/template/spec/nodeSelector, value: {zone: ${zone}, tier: [a, 1]}}]`,
        '',
      ].join('\n');
    const apply = { contentType: 'application/apply-patch+yaml' };
    for (const zone of ['eu-1', 'eu-2']) {
      const reply = await app.call('PATCH', `${OVERRIDES}/zone?fieldManager=ops`, undefined, {
        ...apply,
        rawBody: yaml(zone),
      });
      t.ok(reply.statusCode === 200 || reply.statusCode === 201, reply.body);
      t.same(reply.json.spec.changes[0].value, { zone, tier: ['a', 1] });
      await webOn(app, 'edge-us', (w) => w.spec.template.spec.nodeSelector?.zone === zone, `the feed with ${zone}`);
    }
  });

  t.test('admission refuses what cannot apply, naming it', async (t) => {
    const app = await testApp(t);
    await shop(app);
    await expectRefusals(t, app, { method: 'POST', url: OVERRIDES }, [
      {
        title: 'a malformed pointer',
        body: override('o', [{ op: 'replace', path: 'spec/replicas', value: 1 }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[0].path'],
      },
      {
        title: 'a bad escape',
        body: override('o', [{ op: 'remove', path: '/spec/~2' }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[0].path'],
      },
      {
        title: 'a path the selected Deployment does not have',
        body: override('o', [{ replicas: 1 }, { op: 'replace', path: '/spec/template/spec/nope', value: 1 }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[1].path'],
      },
      {
        title: 'the name of the object',
        body: override('o', [{ op: 'replace', path: '/metadata/name', value: 'x' }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[0].path'],
      },
      {
        title: 'two forms in one change',
        body: override('o', [{ replicas: 1, image: { tag: 'x' } }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[0]'],
      },
      {
        title: 'replace without a value',
        body: override('o', [{ op: 'replace', path: '/spec/replicas' }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[0].value'],
      },
      {
        title: 'an image change of a ConfigMap',
        body: override('o', [{ image: { tag: 'x' } }], {}, [{ apiVersion: 'v1', kind: 'ConfigMap' }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[0]'],
      },
      {
        title: 'a bad tag',
        body: override('o', [{ image: { tag: 'no spaces' } }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[0].image.tag'],
      },
      {
        title: 'an unknown op',
        body: override('o', [{ op: 'move', path: '/spec/replicas', value: 1 }]),
        code: 422,
        reason: 'Invalid',
        causes: ['spec.changes[0].op'],
      },
      { title: 'no changes', body: override('o', []), code: 422, reason: 'Invalid', causes: ['spec.changes'] },
    ]);
    const reply = await app.call(
      'POST',
      OVERRIDES,
      override('o', [{ op: 'remove', path: '/spec/template/spec/nope' }]),
    );
    t.match(reply.json.message, /Deployment web/, 'the message names the object the path cannot apply to');
    t.match(reply.json.message, /\/spec\/template\/spec\/nope/, 'and the path');
  });
});
