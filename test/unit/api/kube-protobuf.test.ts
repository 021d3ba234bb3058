// kubectl's protobuf bodies read into the JSON form of the same object. The bodies were recorded
// from kubectl 1.35 (`kubectl create configmap|deployment|secret|service clusterip|ingress|pdb|job|namespace`),
// so the bytes are Go's, not this decoder's own encoding read back.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import t from 'tap';
import { ApiError } from '../../../src/api/http/errors.js';
import { decodeKubeObject, envelopeOf, hasProtobufForm } from '../../../src/api/protobuf/kube-protobuf.js';

const body = (name: string) =>
  Buffer.from(readFileSync(new URL(`./kubectl-bodies/${name}.b64`, import.meta.url), 'utf8'), 'base64');

t.test("kubectl's bodies read as the JSON kubectl would have sent", async (t) => {
  const deployment = decodeKubeObject(body('deployment'), 'Deployment');
  t.same(deployment.metadata, { name: 'web', namespace: 'cap', labels: { app: 'web' } }, 'no zero creationTimestamp');
  t.same(deployment.spec, {
    replicas: 0,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx', command: ['sleep', '10'], ports: [{ containerPort: 80 }], resources: {} },
        ],
      },
    },
    strategy: {},
  });
  t.equal(deployment.apiVersion, 'apps/v1');
  const secret = decodeKubeObject(body('secret'), 'Secret');
  t.same(secret, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'cap' },
    data: { a: 'Yg==' },
    type: 'Opaque',
  });
  const service = decodeKubeObject(body('service'), 'Service') as { spec: { ports: unknown[] } };
  t.same(service.spec.ports, [{ name: '5678-http', protocol: 'TCP', port: 5678, targetPort: 'http' }], 'IntOrString');
  const ingress = decodeKubeObject(body('ingress'), 'Ingress') as { spec: Record<string, unknown> };
  t.same(ingress.spec.rules, [
    {
      host: 'foo.com',
      http: {
        paths: [{ path: '/bar', pathType: 'Prefix', backend: { service: { name: 'svc1', port: { name: 'http' } } } }],
      },
    },
  ]);
  t.equal(ingress.spec.ingressClassName, 'nginx');
  const pdb = decodeKubeObject(body('poddisruptionbudget'), 'PodDisruptionBudget') as { spec: unknown };
  t.same(pdb.spec, { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 });
  const job = decodeKubeObject(body('job'), 'Job') as { spec: { template: { spec: unknown } } };
  t.match(job.spec.template.spec, { restartPolicy: 'Never', containers: [{ command: ['echo', 'hi'] }] });
  t.same(decodeKubeObject(body('configmap'), 'ConfigMap').data, { a: 'b', bin: 'x\u0000\u0001\u0002' });
  // `kubectl create namespace cap`: an empty spec and status, as Go writes them.
  t.same(decodeKubeObject(body('namespace'), 'Namespace'), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'cap' },
    spec: {},
    status: {},
  });
});

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? `${error.code} ${error.message}` : `not an ApiError: ${error}`;
  }
  return 'no error';
};

t.test('a body that cannot be read whole is refused, never read in part', async (t) => {
  const envelope = protobuf
    .parse(
      'syntax = "proto2"; message T { optional string apiVersion = 1; optional string kind = 2; }' +
        'message U { optional T typeMeta = 1; optional bytes raw = 2; }',
    )
    .root.lookupType('U');
  const wrap = (kind: string, raw: Uint8Array) =>
    Buffer.concat([Buffer.from('k8s\0'), envelope.encode({ typeMeta: { apiVersion: 'v1', kind }, raw }).finish()]);
  const { raw } = envelopeOf(body('configmap'));
  // Field 99 (a varint): a field of a newer Kubernetes, or anything this server's messages lack.
  const extra = wrap('ConfigMap', Buffer.concat([raw, Buffer.from([0x98, 0x06, 0x01])]));
  t.match(
    reason(() => decodeKubeObject(extra, 'ConfigMap')),
    /^415 .*send it as application\/json/,
  );
  t.match(
    reason(() => decodeKubeObject(wrap('ConfigMap', raw), 'ConfigMap')),
    'no error',
    're-wrapped as it was',
  );
  t.match(
    reason(() => decodeKubeObject(wrap('ConfigMap', raw.subarray(0, 20)), 'ConfigMap')),
    /^400 .*could not be read/,
  );
  t.match(
    reason(() => decodeKubeObject(body('secret'), 'ConfigMap')),
    /^400 .*holds a "Secret", not a ConfigMap/,
  );
  t.match(
    reason(() => decodeKubeObject(Buffer.from('{"kind":"ConfigMap"}'), 'ConfigMap')),
    /^400 .*"k8s\\0" envelope/,
  );
});

t.test('the kinds kubectl create makes have a protobuf form; others do not', async (t) => {
  for (const kind of ['ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Deployment', 'Job', 'CronJob', 'Ingress']) {
    t.ok(hasProtobufForm(kind), kind);
  }
  for (const kind of ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PodDisruptionBudget']) {
    t.ok(hasProtobufForm(kind), kind);
  }
  t.ok(hasProtobufForm('HorizontalPodAutoscaler'));
  t.ok(hasProtobufForm('Namespace'));
  for (const kind of ['StatefulSet', 'SyncTarget', 'Placement', 'ObjectMeta', 'PodSpec', 'NamespaceSpec', 'Nope']) {
    t.notOk(hasProtobufForm(kind), kind);
  }
});
