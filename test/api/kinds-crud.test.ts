// The carried kinds (ConfigMap ... HorizontalPodAutoscaler) through the generic routes, on both
// stores: every kind is created, read, listed, patched and deleted; fields the server does not
// read are kept as given where the schema leaves them open, unknown ones dropped with a warning;
// what it reads is checked.
import t from 'tap';
import { expectRefusals, testApp } from '../helpers/app.js';
import { SAMPLES, kindPath } from '../helpers/kinds.js';
import { forEachStore } from '../helpers/stores.js';

forEachStore(t, (t) => {
  t.test('every kind: create, get, list, patch, delete, unknown fields dropped with a warning', async (t) => {
    const { call } = await testApp(t);
    for (const { plural, object } of SAMPLES) {
      const path = kindPath(object.apiVersion, plural);
      const body = { ...object, someFutureField: { kept: true } };
      const created = await call('POST', path, body);
      t.equal(created.statusCode, 201, `${plural}: created (${created.body.slice(0, 300)})`);
      const { apiVersion, kind } = object;
      t.match(created.json, { apiVersion, kind, metadata: { namespace: 'default', generation: 1 } });
      // As kube-apiserver does for built-in kinds: an unknown field is dropped, with a Warning naming it.
      t.equal(created.json.someFutureField, undefined, `${plural}: unknown top-level field dropped`);
      t.match(String(created.headers.warning), 'unknown field \\"someFutureField\\"', `${plural}: warned`);
      const item = `${path}/${object.metadata.name}`;
      const got = await call('GET', item);
      t.equal(got.json.metadata.uid, created.json.metadata.uid, `${plural}: get`);
      const list = await call('GET', path);
      t.equal(list.json.kind, `${object.kind}List`);
      t.same(
        list.json.items.map((o: any) => o.metadata.name),
        [object.metadata.name],
      );
      const patched = await call('PATCH', item, { metadata: { labels: { team: 'a' } } });
      t.equal(patched.statusCode, 200, `${plural}: patched`);
      t.equal(patched.json.metadata.labels.team, 'a');
      t.equal((await call('DELETE', item)).statusCode, 200, `${plural}: deleted`);
      t.equal((await call('GET', item)).statusCode, 404, `${plural}: gone`);
    }
  });
});

t.test('core kinds live under /api/v1, the others under /apis; all namespaces at once', async (t) => {
  const { call } = await testApp(t);
  const cm = SAMPLES.find((s) => s.plural === 'configmaps')!.object;
  t.equal((await call('POST', '/apis/v1/namespaces/default/configmaps', cm)).statusCode, 404);
  t.equal((await call('POST', kindPath('v1', 'configmaps', 'a'), cm)).statusCode, 201);
  t.equal((await call('POST', kindPath('v1', 'configmaps', 'b'), cm)).statusCode, 201);
  const all = await call('GET', '/api/v1/configmaps');
  t.same(
    all.json.items.map((o: any) => `${o.metadata.namespace}/${o.metadata.name}`),
    ['a/web', 'b/web'],
  );
  const wrong = await call('POST', kindPath('v1', 'configmaps'), { ...cm, apiVersion: 'apps/v1' });
  t.equal(wrong.statusCode, 400);
});

t.test('what the server reads is checked, with every bad field named and nothing written', async (t) => {
  const app = await testApp(t);
  const sample = (plural: string) => structuredClone(SAMPLES.find((s) => s.plural === plural)!.object);
  const at = (plural: string) => kindPath(sample(plural).apiVersion, plural);
  const sts = sample('statefulsets');
  sts.spec.template.metadata.labels = { app: 'other' };
  const cron = sample('cronjobs');
  cron.spec.schedule = '61 * * * *';
  const hpa = sample('horizontalpodautoscalers');
  hpa.spec.scaleTargetRef.name = 'Not_A_Name';
  hpa.spec.minReplicas = 9;
  const binding = sample('rolebindings');
  binding.roleRef.kind = 'Group';
  const pdb = sample('poddisruptionbudgets');
  pdb.spec.maxUnavailable = '1';
  const ds = sample('daemonsets');
  ds.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Maybe' }] };
  const svc = sample('services');
  svc.spec.type = 'Magic';
  svc.spec.selector = { 'bad key!': 'x' };
  const ing = sample('ingresses');
  ing.spec.rules[0].http.paths[0].backend.service.name = 'Web_Service';
  const netpol = sample('networkpolicies');
  delete netpol.spec.podSelector;
  const cm = sample('configmaps');
  cm.data = { 'bad/key': 'x' };
  const invalid = { code: 422, reason: 'Invalid' };
  await expectRefusals(t, app, { method: 'POST', url: at('configmaps') }, [
    {
      title: 'template labels outside the selector',
      url: at('statefulsets'),
      body: sts,
      ...invalid,
      causes: ['spec.template.metadata.labels'],
    },
    { title: 'a cron schedule out of range', url: at('cronjobs'), body: cron, ...invalid, causes: ['spec.schedule'] },
    {
      title: 'an autoscaler target that is no name, min above max',
      url: at('horizontalpodautoscalers'),
      body: hpa,
      ...invalid,
      causes: ['spec.scaleTargetRef.name', 'spec.maxReplicas'],
    },
    {
      title: 'a binding to neither a Role nor a ClusterRole',
      url: at('rolebindings'),
      body: binding,
      ...invalid,
      causes: ['roleRef.kind'],
    },
    {
      title: 'a disruption budget that is no number or percentage',
      url: at('poddisruptionbudgets'),
      body: pdb,
      ...invalid,
      causes: ['spec.maxUnavailable'],
    },
    { title: 'an unknown selector operator', url: at('daemonsets'), body: ds, ...invalid },
    {
      title: 'a Service type and selector key',
      url: at('services'),
      body: svc,
      ...invalid,
      causes: ['spec.type', 'spec.selector'],
    },
    {
      title: 'an Ingress backend that is no Service name',
      url: at('ingresses'),
      body: ing,
      ...invalid,
      causes: ['spec.rules[0].http.paths[0].backend.service.name'],
    },
    {
      title: 'a NetworkPolicy without podSelector',
      url: at('networkpolicies'),
      body: netpol,
      ...invalid,
      causes: ['spec.podSelector'],
    },
    { title: 'a ConfigMap key with a slash', body: cm, ...invalid, causes: ['data'] },
  ]);
});
