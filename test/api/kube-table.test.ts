// meta.k8s.io Tables: the columns `tmc get` prints, for the clients (kubectl get) that ask
// for a Table in their Accept header; everyone else still gets the objects.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { columnsOf } from '../../src/lib/tmc-columns.js';
import { ADMIN_TOKEN, ST_PATH, syncTarget, testApp } from '../helpers/app.js';

// What `kubectl get` sends.
const TABLE_ACCEPT = [
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=Table;v=v1beta1;g=meta.k8s.io',
  'application/json',
].join(',');
const headers = (accept: string) => ({ authorization: `Bearer ${ADMIN_TOKEN}`, accept });
const asTable = (app: FastifyInstance, url: string, accept = TABLE_ACCEPT) =>
  app.inject({ method: 'GET', url, headers: headers(accept) });

t.test("a list asked for as a Table has the kind's columns, wide ones at priority 1", async (t) => {
  const { app, call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('east', { env: 'prod' }, { unschedulable: true }));
  await call('POST', ST_PATH, syncTarget('west'));
  const reply = await asTable(app, ST_PATH);
  t.equal(reply.statusCode, 200);
  const table = reply.json();
  t.match(table, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: /^\d+$/ } });
  t.same(
    table.columnDefinitions.map((c: { name: string; priority: number }) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Ready', 0],
      ['Reason', 0],
      ['Last Heartbeat', 0],
      ['Unschedulable', 0],
      ['Age', 0],
      ['Syncer Version', 1],
      ['Kubernetes Version', 1],
      ['Evict After', 1],
      ['Labels', 1],
    ],
  );
  t.match(table.columnDefinitions[0], { type: 'string', format: 'name', description: /name/ });
  t.equal(table.rows.length, 2);
  const none = '<none>';
  const cells = ['east', 'False', 'NoHeartbeat', '<never>', 'true', /^\d+s$/, none, none, none, 'env=prod'];
  t.match(table.rows[0].cells, cells);
  t.match(table.rows[1].cells, ['west', 'False', 'NoHeartbeat', '<never>', 'false']);
  t.same(Object.keys(table.rows[0].object), ['kind', 'apiVersion', 'metadata'], 'rows carry the metadata by default');
  const metadata = { name: 'east', labels: { env: 'prod' } };
  t.match(table.rows[0].object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata });
});

t.test('the same columns as the CLI: one list of column definitions', async (t) => {
  const { app, call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('one'));
  const table = (await asTable(app, `${ST_PATH}/one`)).json();
  t.same(
    table.columnDefinitions.map((c: { name: string }) => c.name),
    columnsOf('SyncTarget').map((c) => c.name),
  );
  t.equal(table.rows.length, 1, 'a single object is a one-row Table');
  t.equal(table.rows[0].cells[0], 'one');
});

t.test('includeObject: None, Object, or a 400 for anything else', async (t) => {
  const { app, call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('a'));
  const none = (await asTable(app, `${ST_PATH}?includeObject=None`)).json();
  t.equal(none.rows[0].object, undefined);
  const full = (await asTable(app, `${ST_PATH}?includeObject=Object`)).json();
  t.match(full.rows[0].object, { kind: 'SyncTarget', spec: { unschedulable: false } });
  const bad = await asTable(app, `${ST_PATH}?includeObject=Everything`);
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { kind: 'Status', reason: 'BadRequest', message: /includeObject/ });
});

t.test('without a Table in Accept, or with plain JSON first, the objects come back as they are', async (t) => {
  const { app, call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('a'));
  for (const accept of ['application/json', '*/*', `application/json,${TABLE_ACCEPT}`]) {
    const reply = await asTable(app, ST_PATH, accept);
    t.equal(reply.json().kind, 'SyncTargetList', accept);
  }
  const beta = (await asTable(app, ST_PATH, 'application/json;as=Table;v=v1beta1;g=meta.k8s.io')).json();
  t.equal(beta.apiVersion, 'meta.k8s.io/v1beta1', 'the older Table version when only that is asked for');
  const missing = await asTable(app, `${ST_PATH}/nope`);
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().kind, 'Status', 'errors stay Status');
});

t.test('Deployments and Placements print their own columns', async (t) => {
  const { app, call } = await testApp(t);
  const labels = { app: 'web' };
  await call('POST', '/apis/apps/v1/namespaces/shop/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } },
    },
  });
  const deployments = (await asTable(app, '/apis/apps/v1/deployments')).json();
  const shown = deployments.columnDefinitions.filter((c: { priority: number }) => c.priority === 0);
  t.same(
    shown.map((c: { name: string }) => c.name),
    ['Name', 'Targets', 'Ready', 'Available', 'Age'],
  );
  t.match(deployments.rows[0].cells, ['web', '<none>', '0/2', '0', /s$/, '<none>', 'web', 'nginx:1', 'app=web']);
  t.equal(deployments.rows[0].object.metadata.namespace, 'shop', 'kubectl -A reads the namespace from the row object');
  const placements = (await asTable(app, '/apis/scheduling.kcp.io/v1alpha1/namespaces/shop/placements')).json();
  t.same(placements.rows, []);
  t.equal(placements.columnDefinitions[1].name, 'Targets');
});
