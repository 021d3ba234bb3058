// Strategic merge patch on the Deployment schema, with the cases of Kubernetes' strategicpatch
// package that kubectl's client-side apply sends: lists merged by their merge keys, directives.
import t from 'tap';
import { Deployment } from '../../../src/schemas/deployment.js';
import { shapeOf } from '../../../src/lib/ssa/shape.js';
import { strategicMerge } from '../../../src/lib/strategic-merge-patch.js';

const shape = shapeOf(Deployment as unknown as Record<string, unknown>);
const pod = (spec: Record<string, unknown>) => ({ spec: { template: { spec } } });
const patched = (original: unknown, patch: unknown) =>
  (strategicMerge(original, patch, shape) as { spec: { template: { spec: Record<string, unknown> } } }).spec.template
    .spec;

const web = {
  name: 'web',
  image: 'nginx:1',
  env: [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ],
  ports: [{ containerPort: 80 }],
};
const side = { name: 'side', image: 'envoy' };
const original = pod({ containers: [web, side], tolerations: [{ key: 'a' }], volumes: [{ name: 'v', emptyDir: {} }] });

t.test('containers merge by name, env by name, ports by containerPort', async (t) => {
  const http = [{ containerPort: 80, name: 'http' }];
  const change = { name: 'web', image: 'nginx:2', env: [{ name: 'C', value: '3' }], ports: http };
  const spec = patched(original, pod({ containers: [change] }));
  t.same(spec.containers, [
    { ...web, image: 'nginx:2', env: [...web.env, { name: 'C', value: '3' }], ports: http },
    side,
  ]);
});

t.test('a list without a merge strategy is replaced, null deletes a field', async (t) => {
  const spec = patched(original, pod({ tolerations: [{ key: 'b' }], volumes: null }));
  t.same(spec.tolerations, [{ key: 'b' }]);
  t.notOk('volumes' in spec);
});

t.test('$patch: delete removes an item, $patch: replace replaces a list or a map', async (t) => {
  const deletions = [
    { name: 'web', env: [{ name: 'A', $patch: 'delete' }] },
    { name: 'side', $patch: 'delete' },
  ];
  const deleted = patched(original, pod({ containers: deletions }));
  t.same(deleted.containers, [{ ...web, env: [{ name: 'B', value: '2' }] }]);
  const replaced = patched(original, pod({ containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] }));
  t.same(replaced.containers, [{ name: 'only', image: 'x' }]);
  const map = strategicMerge(
    { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
    { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } },
    shape,
  );
  t.same(map, { spec: { strategy: { type: 'Recreate' } } });
});

t.test('$retainKeys, $setElementOrder and $deleteFromPrimitiveList, as kubectl apply sends them', async (t) => {
  const strategy = strategicMerge(
    { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
    { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    shape,
  );
  t.same(strategy, { spec: { strategy: { type: 'Recreate' } } });
  const ordered = patched(
    original,
    pod({
      '$setElementOrder/containers': [{ name: 'side' }, { name: 'web' }],
      containers: [
        { name: 'web', '$setElementOrder/env': [{ name: 'B' }, { name: 'A' }], env: [{ name: 'A', $patch: 'delete' }] },
      ],
    }),
  );
  t.same(
    (ordered.containers as { name: string }[]).map((c) => c.name),
    ['side', 'web'],
  );
  t.same((ordered.containers as (typeof web)[])[1]!.env, [{ name: 'B', value: '2' }]);
  const args = patched(
    pod({ containers: [{ name: 'web', args: ['a', 'b', 'c'] }] }),
    pod({ containers: [{ name: 'web', '$deleteFromPrimitiveList/args': ['b'] }] }),
  );
  t.same(args.containers, [{ name: 'web', args: ['a', 'c'] }]);
});

t.test('malformed patches are format errors', async (t) => {
  t.throws(() => strategicMerge({}, [], shape), { name: 'PatchFormatError' });
  t.throws(() => strategicMerge({}, { $patch: 'explode' }, shape), { name: 'PatchFormatError' });
  t.throws(() => patched(original, pod({ containers: [{ image: 'no-name' }] })), {
    message: /does not contain declared merge key: name/,
  });
  const retain = { spec: { strategy: { $retainKeys: 'type' } } };
  t.throws(() => strategicMerge({}, retain, shape), { name: 'PatchFormatError' });
});
