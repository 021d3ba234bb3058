// Overrides through the API on both stores: the feed of a target an Override selects carries the
// changed object, another target's feed the object as it is; the object's per-target status entry
// names the Overrides applied there; changing an Override, or a target's labels, changes the feeds it touches.
import t from 'tap';
import { ADMIN_TOKEN, ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { CORE_PATH, OBJECTS_FEED_PATH, place } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { DEPLOY_PATH, createOk, heartbeat } from '../helpers/workloads.js';
import { OVERRIDES, KUBECTL_ACCEPT, override, shop, webOn, image, overridesOn } from './overrides-setup.js';

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
});
