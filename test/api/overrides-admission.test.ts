// Overrides through the API on both stores: server-side apply of an Override, and admission refusing
// a malformed pointer and a change that cannot apply, naming it.
import t from 'tap';
import { expectRefusals, testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { OVERRIDES, override, shop, webOn } from './overrides-setup.js';

forEachStore(t, (t) => {
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
