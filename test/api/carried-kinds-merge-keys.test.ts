// The lists of the carried kinds merge by the keys Kubernetes gives them, as a Deployment's do:
// `kubectl apply` sends a strategic merge patch holding only the changed list items (and their
// order), so a list replaced whole would lose every other item and field. Each patch here is
// the one kubectl 1.35 sends for the edit its comment names.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { createOk } from '../helpers/workloads.js';

const SMP = { contentType: 'application/strategic-merge-patch+json' };
const APPS = '/apis/apps/v1/namespaces/default';
const CORE = '/api/v1/namespaces/default';
const container = (image: string) => ({
  name: 'db',
  image,
  ports: [{ containerPort: 5432 }],
  env: [{ name: 'A', value: '1' }],
});
const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: {
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: {
      metadata: { labels: { app: 'db' } },
      spec: { containers: [container('postgres:17'), { name: 'side', image: 'busybox' }] },
    },
  },
};
const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: {
    selector: { app: 'web' },
    ports: [
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'https', port: 443, targetPort: 8443 },
    ],
  },
};

forEachStore(t, (t) => {
  t.test("a pod template's containers merge by name, their env and ports by key", async (t) => {
    const app = await testApp(t);
    await createOk(app, `${APPS}/statefulsets`, statefulSet);
    // The image of one container changed in the manifest.
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'db' }, { name: 'side' }],
            containers: [{ image: 'postgres:18', name: 'db' }],
          },
        },
      },
    };
    const reply = await app.call('PATCH', `${APPS}/statefulsets/db`, patch, SMP);
    t.equal(reply.statusCode, 200, reply.body);
    t.same(reply.json.spec.template.spec.containers, [container('postgres:18'), { name: 'side', image: 'busybox' }]);
    const env = { spec: { template: { spec: { containers: [{ name: 'side', env: [{ name: 'B', value: '2' }] }] } } } };
    const more = await app.call('PATCH', `${APPS}/statefulsets/db`, env, SMP);
    t.same(more.json.spec.template.spec.containers[1], {
      name: 'side',
      image: 'busybox',
      env: [{ name: 'B', value: '2' }],
    });
  });

  t.test("a Service's ports merge by port", async (t) => {
    const app = await testApp(t);
    await createOk(app, `${CORE}/services`, service);
    // The targetPort of port 80 changed in the manifest.
    const patch = {
      spec: { '$setElementOrder/ports': [{ port: 80 }, { port: 443 }], ports: [{ port: 80, targetPort: 8081 }] },
    };
    const reply = await app.call('PATCH', `${CORE}/services/web`, patch, SMP);
    t.equal(reply.statusCode, 200, reply.body);
    t.same(reply.json.spec.ports, [
      { name: 'http', port: 80, targetPort: 8081 },
      { name: 'https', port: 443, targetPort: 8443 },
    ]);
    const dropped = { spec: { ports: [{ $patch: 'delete', port: 443 }] } };
    const after = await app.call('PATCH', `${CORE}/services/web`, dropped, SMP);
    t.same(after.json.spec.ports, [{ name: 'http', port: 80, targetPort: 8081 }], 'a port removed by its key');
  });
});
