// The Kubernetes OpenAPI v3 documents: /openapi/v3 with one document per group version. Kinds
// carry x-kubernetes-group-version-kind, operations are named, and types are named components.
import t from 'tap';
import { ADMIN_TOKEN, ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { GROUP_VERSIONS, GVK, type Json, META, WORKLOAD, operations, refs } from './kube-openapi-helpers.js';

t.test('/openapi/v3 indexes one document per group version, each with its kinds', async (t) => {
  const { app, call } = await testApp(t);
  const index = await call('GET', '/openapi/v3');
  t.same(Object.keys(index.json.paths), GROUP_VERSIONS);
  for (const path of GROUP_VERSIONS) {
    const url = index.json.paths[path].serverRelativeURL as string;
    t.match(url, new RegExp(`^/openapi/v3/${path}\\?hash=[0-9A-F]{128}$`));
    const reply = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    t.equal(reply.statusCode, 200, url);
    const doc = reply.json();
    t.equal(doc.openapi, '3.0.0');
    for (const ref of refs(doc)) {
      t.ok(doc.components.schemas[ref.replace('#/components/schemas/', '')], `${path}: ${ref} resolves`);
    }
  }
  const missing = await call('GET', '/openapi/v3/apis/nope.example.com/v1');
  t.equal(missing.statusCode, 404);
  t.equal(missing.json.kind, 'Status');
});

t.test('kinds, operations and types are named as Kubernetes names them', async (t) => {
  const { call } = await testApp(t);
  const doc = (await call('GET', '/openapi/v3/apis/workload.kcp.io/v1alpha1')).json;
  const schemas = doc.components.schemas;
  const gvk = { group: 'workload.kcp.io', version: 'v1alpha1', kind: 'SyncTarget' };
  t.same(schemas[`${WORKLOAD}.SyncTarget`][GVK], [gvk]);
  t.same(schemas[`${WORKLOAD}.SyncTargetList`][GVK], [{ ...gvk, kind: 'SyncTargetList' }]);
  for (const name of ['SyncTargetSpec', 'SyncTargetStatus']) t.ok(schemas[`${WORKLOAD}.${name}`], name);
  for (const name of ['ObjectMeta', 'ListMeta', 'Condition', 'Status']) t.ok(schemas[`${META}.${name}`], name);
  const target = schemas[`${WORKLOAD}.SyncTarget`];
  t.same(
    target.properties.spec,
    {
      allOf: [{ $ref: `#/components/schemas/${WORKLOAD}.SyncTargetSpec` }],
      description: 'What the operator asks of the cluster: cordon and drain',
    },
    'a field of a named type: the reference, and the description for explain beside it',
  );
  t.equal(schemas[`${WORKLOAD}.SyncTargetSpec`].description, undefined, 'not twice: explain would print both');
  t.same(target.properties.metadata, {
    allOf: [{ $ref: `#/components/schemas/${META}.ObjectMeta` }],
    description: 'Standard object metadata',
  });
  t.same(target.required, ['apiVersion', 'kind', 'metadata'], 'spec has a default, so it may be left out');
  t.same(target.properties.kind.enum, ['SyncTarget']);
  t.same(schemas[`${META}.Condition`].properties.status, { type: 'string', enum: ['True', 'False', 'Unknown'] });
  t.same(schemas[`${META}.ObjectMeta`].properties.labels, { type: 'object', additionalProperties: { type: 'string' } });

  const ops = operations(doc);
  const plain = ops.filter((o) => !o.operationId.endsWith('Status'));
  t.same(
    plain.map((o) => o.operationId).sort(),
    ['create', 'deleteCollection', 'delete', 'list', 'patch', 'read', 'replace'].map(
      (verb) => `${verb}WorkloadKcpIoV1alpha1SyncTarget`,
    ),
  );
  for (const op of ops) t.same(op[GVK], gvk, `${op.operationId} names its kind`);
  const apps = (await call('GET', '/openapi/v3/apis/apps/v1')).json;
  const ids = operations(apps).map((o) => o.operationId);
  t.ok(ids.includes('listAppsV1NamespacedDeployment') && ids.includes('listAppsV1DeploymentForAllNamespaces'));
  const read = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].get;
  t.ok(read.parameters.some((p: Json) => p.name === 'namespace' && p.in === 'path'));
});

t.test('PATCH lists exactly the media types the server takes, and the server takes each', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('p'));
  const doc = (await call('GET', '/openapi/v3/apis/workload.kcp.io/v1alpha1')).json;
  const types = Object.keys(doc.paths['/apis/workload.kcp.io/v1alpha1/synctargets/{name}'].patch.requestBody.content);
  t.same(types, ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  const bodies: Record<string, unknown> = {
    'application/json-patch+json': [{ op: 'add', path: '/metadata/labels', value: { patched: 'yes' } }],
    'application/merge-patch+json': { metadata: { labels: { patched: 'yes' } } },
    'application/apply-patch+yaml': { ...syncTarget('p', { patched: 'yes' }) },
  };
  for (const type of types) {
    const reply = await call('PATCH', `${ST_PATH}/p?fieldManager=test`, bodies[type], { contentType: type });
    t.equal(reply.statusCode, 200, `${type} is taken`);
  }
  for (const type of ['application/json', 'application/strategic-merge-patch+json']) {
    const refused = await call('PATCH', `${ST_PATH}/p`, bodies['application/merge-patch+json'], { contentType: type });
    t.equal(refused.statusCode, 415, `${type}, not listed, is refused`);
  }
  const v2 = (await call('GET', '/openapi/v2')).json;
  const deployment = v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch.consumes;
  t.same(
    deployment,
    [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ],
    'a Deployment takes strategic merge patches',
  );
});
