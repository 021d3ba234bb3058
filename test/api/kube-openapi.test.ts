// The Kubernetes OpenAPI v2 document, /openapi/v2, as JSON and as the protobuf kubectl validates
// manifests with: every kind served is in it (update the list below when adding one).
import t from 'tap';
import {
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_ASKED,
  decodeOpenApiV2,
} from '../../src/api/discovery/openapi-v2-protobuf.js';
import { ADMIN_TOKEN, testApp } from '../helpers/app.js';
import { GVK, type Json, WORKLOAD, refs } from './kube-openapi-helpers.js';

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
    'LimitRange',
    'Namespace',
    'NetworkPolicy',
    'Override',
    'PersistentVolumeClaim',
    'Placement',
    'PodDisruptionBudget',
    'ResourceQuota',
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
