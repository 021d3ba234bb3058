// `kubectl apply` of an edited manifest of a carried kind, with the built kubectl against a real
// `tmc server`: kubectl sends only the changed list items, merged by the keys Kubernetes gives
// the lists (containers by name, a Service's ports by port), so everything else stays as it was.
// kubectl builds the patch from /openapi/v3, whose PATCH operations of a kind (the object's and its
// status') list the same patch types, so it never falls back with "error calculating patch".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const manifest = (image: string, targetPort: number) => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: db, image: "${image}", ports: [{containerPort: 5432}], env: [{name: A, value: "1"}]}
      - {name: side, image: busybox}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  selector: {app: db}
  ports:
  - {name: pg, port: 5432, targetPort: ${targetPort}}
  - {name: metrics, port: 9187, targetPort: 9187}
`;

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  await t.test('kubectl apply of an edited manifest keeps the list items it did not change', async (t) => {
    const { dir, run, ok } = await kubectlOnTmc(t, kubectlBin);
    const file = join(dir, 'db.yaml');
    writeFileSync(file, manifest('postgres:17', 5432));
    await ok('apply', '-f', file);
    // kubectl picks the first PATCH of the kind it meets in the document, in no set order: a few
    // edits, so that a status PATCH that disagreed would be met.
    for (const [image, port] of [
      ['postgres:19', 25432],
      ['postgres:17', 5432],
      ['postgres:18', 15432],
    ] as const) {
      writeFileSync(file, manifest(image, port));
      const applied = await run('apply', '-f', file);
      t.equal(applied.code, 0, applied.stderr);
      t.match(applied.stdout, /statefulset\.apps\/db configured/);
      t.equal(applied.stderr, '', 'no warning: the patch is built from the served schema');
    }
    const sts = JSON.parse(await ok('get', 'statefulset/db', '-o', 'json'));
    t.same(sts.spec.template.spec.containers, [
      { name: 'db', image: 'postgres:18', ports: [{ containerPort: 5432 }], env: [{ name: 'A', value: '1' }] },
      { name: 'side', image: 'busybox' },
    ]);
    const svc = JSON.parse(await ok('get', 'service/db', '-o', 'json'));
    t.same(svc.spec.ports, [
      { name: 'pg', port: 5432, targetPort: 15432 },
      { name: 'metrics', port: 9187, targetPort: 9187 },
    ]);
  });
}
