// Empty label and annotation maps are not kept, as kube-apiserver's encoding leaves them out:
// `kubectl diff` compares the stored object with a dry-run apply whose metadata had its
// last-applied annotation taken out, and an `annotations: {}` kept would be a change.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/shop/deployments';
const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: {}, annotations: {} },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
};

t.test('create, replace and patch leave empty maps out', async (t) => {
  const { call } = await testApp(t);
  const created = await call('POST', ST_PATH, { ...syncTarget('north'), metadata: { name: 'north', annotations: {} } });
  t.equal(created.statusCode, 201);
  t.notOk('annotations' in created.json.metadata, 'created without the empty map');
  const both = { metadata: { labels: { a: 'b' }, annotations: { x: 'y' } } };
  const labelled = await call('PATCH', `${ST_PATH}/north`, both);
  t.same(labelled.json.metadata.labels, { a: 'b' });
  t.same(labelled.json.metadata.annotations, { x: 'y' }, 'maps with entries are kept');
  const emptied = await call('PATCH', `${ST_PATH}/north`, { metadata: { annotations: { x: null } } });
  t.equal(emptied.statusCode, 200);
  t.notOk('annotations' in emptied.json.metadata, 'the last annotation removed: no map left');
  const stored = (await call('GET', `${ST_PATH}/north`)).json;
  const replaced = await call('PUT', `${ST_PATH}/north`, { ...stored, metadata: { ...stored.metadata, labels: {} } });
  t.equal(replaced.statusCode, 200);
  t.notOk('labels' in replaced.json.metadata, 'replaced with an empty map: none kept');
  const deployment = await call('POST', DEPLOYMENTS, web);
  t.equal(deployment.statusCode, 201);
  t.notOk('labels' in deployment.json.metadata);
  t.notOk('annotations' in deployment.json.metadata);
  const dry = await call('PATCH', `${DEPLOYMENTS}/web?dryRun=All`, { metadata: { annotations: {} } });
  t.notOk('annotations' in dry.json.metadata, 'a dry run answers as the write would store');
});
