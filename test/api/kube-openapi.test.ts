// The Kubernetes OpenAPI documents: /openapi/v3 with one document per group version, and
// /openapi/v2 as JSON and as the protobuf kubectl validates manifests with. Kinds carry
// x-kubernetes-group-version-kind, operations are named, and types are named components.
import t from 'tap';
import {
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_ASKED,
  decodeOpenApiV2,
} from '../../src/api/discovery/openapi-v2-protobuf.js';
import { ADMIN_TOKEN, ST_PATH, syncTarget, testApp } from '../helpers/app.js';

type Json = Record<string, any>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const WORKLOAD = 'io.kcp.workload.v1alpha1';
const GVK = 'x-kubernetes-group-version-kind';
const GROUP_VERSIONS = [
  'apis/workload.kcp.io/v1alpha1',
  'apis/apps/v1',
  'apis/scheduling.kcp.io/v1alpha1',
  'api/v1',
  'apis/batch/v1',
  'apis/networking.k8s.io/v1',
  'apis/rbac.authorization.k8s.io/v1',
  'apis/policy/v1',
  'apis/autoscaling/v2',
  'apis/tmc.kcp.io/v1alpha1',
  'apis/apiextensions.k8s.io/v1',
];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every $ref in a document, wherever it is. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref') found.push(inner as string);
      else refs(inner, found);
    }
  }
  return found;
}
const operations = (doc: Json): Json[] =>
  Object.values(doc.paths as Json).flatMap((item: Json) => METHODS.filter((m) => item[m]).map((m) => item[m]));

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

t.test('/openapi/v2 as JSON: every definition of every group version, without what v2 cannot say', async (t) => {
  const { call } = await testApp(t);
  const doc = (await call('GET', '/openapi/v2')).json;
  t.equal(doc.swagger, '2.0');
  for (const ref of refs(doc)) t.ok(doc.definitions[ref.replace('#/definitions/', '')], `${ref} resolves`);
  t.notMatch(JSON.stringify(doc), /"anyOf"|"allOf"|"patternProperties"|"const"/);
  const kinds = Object.values(doc.definitions as Json)
    .flatMap((d: Json) => d[GVK] ?? [])
    .map((g: Json) => g.kind);
  const served = [
    'ConfigMap',
    'CronJob',
    'DaemonSet',
    'Deployment',
    'HorizontalPodAutoscaler',
    'Ingress',
    'Job',
    'NetworkPolicy',
    'Override',
    'PersistentVolumeClaim',
    'Placement',
    'PodDisruptionBudget',
    'Role',
    'RoleBinding',
    'Secret',
    'Service',
    'ServiceAccount',
    'StatefulSet',
    'SyncTarget',
    'ClusterRole',
    'ClusterRoleBinding',
    'User',
    'CustomResourceDefinition',
  ];
  const expected = [...served.flatMap((kind) => [kind, `${kind}List`]), 'Scale', 'Status'].sort();
  t.same(kinds.sort(), expected);
  const spec = doc.definitions['io.k8s.api.apps.v1.DeploymentSpec'];
  t.same(spec, { type: 'object', additionalProperties: true }, 'fields the server keeps as given are not refused');
  t.ok(doc.definitions[`${WORKLOAD}.SyncTargetSpec`].properties.unschedulable, 'a closed object keeps its fields');
  const create = doc.paths['/apis/workload.kcp.io/v1alpha1/synctargets'].post;
  t.same(create.parameters.find((p: Json) => p.in === 'body').schema, { $ref: `#/definitions/${WORKLOAD}.SyncTarget` });
});

t.test('/openapi/v2 as protobuf when asked, with the same definitions', async (t) => {
  const { app, call } = await testApp(t);
  const json = (await call('GET', '/openapi/v2')).json;
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, accept: OPENAPI_V2_PROTOBUF_ASKED };
  const reply = await app.inject({ method: 'GET', url: '/openapi/v2', headers });
  t.equal(reply.statusCode, 200);
  t.equal(reply.headers['content-type'], OPENAPI_V2_PROTOBUF, 'answered with the type Go can parse');
  const decoded = decodeOpenApiV2(reply.rawPayload);
  t.equal(decoded.swagger, '2.0');
  const definitions = decoded.definitions.additional_properties as { name: string; value: Json }[];
  t.same(
    definitions.map((d) => d.name),
    Object.keys(json.definitions),
  );
  const target = definitions.find((d) => d.name === `${WORKLOAD}.SyncTarget`)!.value;
  const gvk = target.vendor_extension.find((e: Json) => e.name === GVK);
  t.same(JSON.parse(gvk.value.yaml), [{ group: 'workload.kcp.io', version: 'v1alpha1', kind: 'SyncTarget' }]);
  t.same(target.type.value, ['object']);
  const spec = target.properties.additional_properties.find((p: Json) => p.name === 'spec').value;
  t.equal(spec._ref, `#/definitions/${WORKLOAD}.SyncTargetSpec`);
  const paths = decoded.paths.path as { name: string }[];
  t.same(
    paths.map((p) => p.name),
    Object.keys(json.paths),
  );
});
