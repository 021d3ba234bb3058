// The subresources in the Kubernetes OpenAPI documents, as kube-apiserver lists them: /status of
// every kind that has it and /scale of Deployments (autoscaling/v1 Scale), with their operation
// ids, the kind each operation reads and writes, and the media types the server takes.
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';

type Json = Record<string, any>;

const GVK = 'x-kubernetes-group-version-kind';
const DEPLOYMENT = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}';
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';
const MERGE_PATCH = 'application/merge-patch+json';

t.test('every subresource discovery lists has its paths in the OpenAPI documents', async (t) => {
  const { call } = await testApp(t);
  const index = (await call('GET', '/openapi/v3')).json.paths as Record<string, unknown>;
  let counted = 0;
  for (const path of Object.keys(index)) {
    const [resources, doc] = await Promise.all([call('GET', `/${path}`), call('GET', `/openapi/v3/${path}`)]);
    for (const resource of resources.json.resources as Json[]) {
      const [plural, sub] = resource.name.split('/');
      if (!sub) continue;
      const found = Object.keys(doc.json.paths).find((p) => p.endsWith(`/${plural}/{name}/${sub}`));
      t.ok(found, `${path}: ${resource.name}`);
      if (!found) continue;
      const methods = Object.keys(doc.json.paths[found]).sort();
      t.same(methods, ['get', 'patch', 'put'], `${path}: ${resource.name} get, replace and patch`);
      counted += 1;
    }
  }
  t.ok(counted >= 18, `${counted} subresources`);
});

t.test('deployments/status and deployments/scale, named as kube-apiserver names them', async (t) => {
  const { call } = await testApp(t);
  const doc = (await call('GET', '/openapi/v3/apis/apps/v1')).json;
  const status = doc.paths[`${DEPLOYMENT}/status`];
  t.same(
    [status.get.operationId, status.put.operationId, status.patch.operationId],
    [
      'readAppsV1NamespacedDeploymentStatus',
      'replaceAppsV1NamespacedDeploymentStatus',
      'patchAppsV1NamespacedDeploymentStatus',
    ],
  );
  const deploymentGvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
  for (const verb of ['get', 'put', 'patch']) t.same(status[verb][GVK], deploymentGvk, `status ${verb}: a Deployment`);
  const deploymentRef = { $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment' };
  t.same(status.put.requestBody.content['application/json'].schema, deploymentRef);
  t.same(status.get.responses[200].content['application/json'].schema, deploymentRef);
  t.same(
    Object.keys(status.patch.requestBody.content),
    ['application/json-patch+json', MERGE_PATCH, 'application/strategic-merge-patch+json'],
    'the patch types the server takes',
  );

  const scale = doc.paths[`${DEPLOYMENT}/scale`];
  t.same(
    [scale.get.operationId, scale.put.operationId, scale.patch.operationId],
    [
      'readAppsV1NamespacedDeploymentScale',
      'replaceAppsV1NamespacedDeploymentScale',
      'patchAppsV1NamespacedDeploymentScale',
    ],
  );
  const scaleGvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  for (const verb of ['get', 'put', 'patch']) t.same(scale[verb][GVK], scaleGvk, `scale ${verb}: a Scale`);
  const scaleRef = { $ref: `#/components/schemas/${SCALE}` };
  t.same(scale.put.requestBody.content['application/json'].schema, scaleRef);
  t.same(scale.get.responses[200].content['application/json'].schema, scaleRef);
  t.ok(
    scale.put.parameters.some((p: Json) => p.name === 'dryRun' && p.in === 'query'),
    'its query parameters',
  );
  const type = doc.components.schemas[SCALE];
  t.same(type[GVK], [scaleGvk], 'the Scale type names its kind');
  t.same(Object.keys(type.properties).sort(), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  t.ok(doc.components.schemas['io.k8s.api.autoscaling.v1.ScaleSpec'] ?? type.properties.spec, 'its spec');
});

t.test('cluster-scoped kinds and /openapi/v2 list them too', async (t) => {
  const { call } = await testApp(t);
  const workload = (await call('GET', '/openapi/v3/apis/workload.kcp.io/v1alpha1')).json;
  const status = workload.paths[`${ST_PATH}/{name}/status`];
  t.equal(status.get.operationId, 'readWorkloadKcpIoV1alpha1SyncTargetStatus');
  t.equal(status.patch.operationId, 'patchWorkloadKcpIoV1alpha1SyncTargetStatus');
  t.same(status.get[GVK], { group: 'workload.kcp.io', version: 'v1alpha1', kind: 'SyncTarget' });
  const v2 = (await call('GET', '/openapi/v2')).json;
  const scale = v2.paths[`${DEPLOYMENT}/scale`];
  t.equal(scale.put.operationId, 'replaceAppsV1NamespacedDeploymentScale');
  t.same(scale.put.parameters.find((p: Json) => p.in === 'body').schema, { $ref: `#/definitions/${SCALE}` });
  t.same(scale.patch.consumes, ['application/json-patch+json', MERGE_PATCH, 'application/strategic-merge-patch+json']);
  t.same(v2.definitions[SCALE][GVK], [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }]);
  t.ok(v2.paths['/api/v1/namespaces/{namespace}/services/{name}/status'], 'core kinds as well');
});

t.test('the paths the documents list are served', async (t) => {
  const { call } = await testApp(t);
  await call('POST', ST_PATH, syncTarget('north'));
  const read = await call('GET', `${ST_PATH}/north/status`);
  t.equal(read.statusCode, 200);
  t.equal(read.json.kind, 'SyncTarget');
});
