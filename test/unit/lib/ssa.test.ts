// Structured merge (lib/ssa) with the semantics of Kubernetes' structured-merge-diff, on the
// Deployment schema: field sets and their FieldsV1 encoding, update ownership, apply (merge,
// removal of fields no longer applied, conflicts, force) and the merge order of keyed lists.
import t from 'tap';
import { Deployment } from '../../../src/schemas/deployment.js';
import { type Actor, decodeManagers, encodeManagers } from '../../../src/lib/ssa/managers.js';
import { merge } from '../../../src/lib/ssa/merge.js';
import { FieldSet } from '../../../src/lib/ssa/set.js';
import { shapeOf } from '../../../src/lib/ssa/shape.js';
import { ConflictError, apply, recordUpdate, tracked } from '../../../src/lib/ssa/updater.js';
import { toFieldSet } from '../../../src/lib/ssa/walk.js';

const shape = shapeOf(Deployment as unknown as Record<string, unknown>);
const applier = (manager: string): Actor => ({ manager, operation: 'Apply', apiVersion: 'apps/v1' });
const updater = (manager: string): Actor => ({ manager, operation: 'Update', apiVersion: 'apps/v1' });
const container = (extra: Record<string, unknown> = {}) => ({ name: 'web', image: 'nginx', ...extra });
const config = (spec: Record<string, unknown>, labels: Record<string, string> = { app: 'web' }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels },
  spec,
});
const podSpec = (containers: unknown[]) => ({ template: { spec: { containers } } });
const fieldsOf = (managers: ReturnType<typeof decodeManagers>, name: string, operation = 'Apply') =>
  [...managers.values()].find((m) => m.entry.manager === name && m.entry.operation === operation)?.set.toFieldsV1();

t.test('the field set of an apply configuration, in FieldsV1', async (t) => {
  const set = toFieldSet(
    tracked(
      config({
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        ...podSpec([container({ ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] })]),
      }),
    ),
    shape,
  );
  t.same(
    set.toFieldsV1(),
    {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    },
    'map keys are members, list items carry ".", a selector is atomic, a port key has its protocol',
  );
  t.ok(FieldSet.fromFieldsV1(set.toFieldsV1()).equals(set), 'FieldsV1 decodes to the same set');
});

t.test('an update owns what it added or changed, and takes it from the others', async (t) => {
  const created = config({ replicas: 1, ...podSpec([container()]) });
  let managers = recordUpdate({}, created, shape, new Map(), updater('create'));
  t.match(fieldsOf(managers, 'create', 'Update'), { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } });
  const scaled = config({ replicas: 3, ...podSpec([container()]) });
  managers = recordUpdate(created, scaled, shape, managers, updater('scaler'));
  t.same(fieldsOf(managers, 'scaler', 'Update'), { 'f:spec': { 'f:replicas': {} } });
  const creator = FieldSet.fromFieldsV1(fieldsOf(managers, 'create', 'Update')!);
  t.notOk(creator.has(['f:spec', 'f:replicas']), 'the creator lost replicas');
});

t.test('apply merges, removes what its manager stops applying, and keeps what another owns', async (t) => {
  const env = [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ];
  const first = config({ replicas: 2, ...podSpec([container({ env })]) }, { app: 'web', tier: 'front' });
  const one = apply(undefined, first, shape, new Map(), applier('a'), false);
  const second = config({ replicas: 2, ...podSpec([container({ env: [{ name: 'A', value: '1' }] })]) });
  const two = apply(one.object, second, shape, one.managers, applier('a'), false);
  const object = two.object as { metadata: { labels: Record<string, string> }; spec: any };
  t.same(object.metadata.labels, { app: 'web' }, 'the label no longer applied is gone');
  t.same(object.spec.template.spec.containers[0].env, [{ name: 'A', value: '1' }], 'so is the env var');
  const shared = apply(one.object, config({}, { tier: 'front' }), shape, one.managers, applier('b'), false);
  const three = apply(shared.object, second, shape, shared.managers, applier('a'), false);
  t.same((three.object as typeof object).metadata.labels, { app: 'web', tier: 'front' }, 'b still applies tier');
});

t.test('a changed field another manager owns is a conflict unless forced', async (t) => {
  const one = apply(undefined, config({ replicas: 2 }), shape, new Map(), applier('a'), false);
  const same = apply(one.object, config({ replicas: 2 }), shape, one.managers, applier('b'), false);
  t.ok(fieldsOf(same.managers, 'a') && fieldsOf(same.managers, 'b'), 'the same value is shared, no conflict');
  t.throws(
    () => apply(one.object, config({ replicas: 3 }), shape, one.managers, applier('b'), false),
    new ConflictError([{ manager: '"a"', path: ['f:spec', 'f:replicas'] }]),
  );
  try {
    apply(one.object, config({ replicas: 3 }), shape, one.managers, applier('b'), false);
  } catch (error) {
    t.equal((error as Error).message, 'Apply failed with 1 conflict: conflict with "a": .spec.replicas');
  }
  const forced = apply(one.object, config({ replicas: 3 }), shape, one.managers, applier('b'), true);
  t.equal((forced.object as { spec: { replicas: number } }).spec.replicas, 3);
  t.same(fieldsOf(forced.managers, 'a'), { 'f:metadata': { 'f:labels': { 'f:app': {} } } }, 'a lost the field');
  const updated = recordUpdate({}, config({ replicas: 2 }), shape, new Map(), updater('kubectl-edit'));
  try {
    apply(config({ replicas: 2 }), config({ replicas: 5 }), shape, updated, applier('b'), false);
    t.fail('no conflict');
  } catch (error) {
    t.match((error as Error).message, /conflict with "kubectl-edit" using apps\/v1: \.spec\.replicas/);
  }
});

t.test('several conflicts are listed by manager, one line per field', async (t) => {
  const one = apply(undefined, config({ replicas: 2, paused: false }), shape, new Map(), applier('a'), false);
  const expected = 'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.paused\n- .spec.replicas';
  t.throws(() => apply(one.object, config({ replicas: 3, paused: true }), shape, one.managers, applier('b'), false), {
    message: expected,
  });
});

t.test('an object no manager has written yet belongs to before-first-apply', async (t) => {
  t.throws(() => apply(config({ replicas: 1 }), config({ replicas: 4 }), shape, new Map(), applier('a'), false), {
    message: /conflict with "before-first-apply" using apps\/v1: \.spec\.replicas/,
  });
});

t.test('keyed lists merge in the order of the configuration, live-only items where they were', async (t) => {
  const listShape = (shape as any).fields.spec.fields.template.fields.spec;
  const item = (name: string, image = name) => ({ name, image });
  const live = { containers: [item('a'), item('b'), item('c')] };
  const merged = merge(live, { containers: [item('b', 'B'), item('d')] }, listShape);
  t.same(merged, { containers: [item('a'), item('b', 'B'), item('c'), item('d')] });
  const reordered = merge({ containers: [item('a'), item('b')] }, { containers: [item('b'), item('a')] }, listShape);
  t.same(reordered, { containers: [item('b'), item('a')] });
  t.throws(() => toFieldSet({ containers: [{ image: 'x' }] }, listShape), { message: /omits key field "name"/ });
  t.throws(() => toFieldSet({ containers: [item('a'), item('a')] }, listShape), { message: /duplicate entries/ });
});

t.test('managedFields entries: Apply before Update, other managers keep their time', async (t) => {
  const one = apply(undefined, config({ replicas: 2 }), shape, new Map(), applier('a'), false);
  const entries = encodeManagers(one.managers, new Map(), applier('a'), '2026-01-01T00:00:00Z');
  const managers = recordUpdate(one.object, config({ replicas: 3 }), shape, decodeManagers(entries), updater('edit'));
  const next = encodeManagers(managers, decodeManagers(entries), updater('edit'), '2026-01-02T00:00:00Z');
  t.match(next, [
    { manager: 'a', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1' },
    {
      manager: 'edit',
      operation: 'Update',
      time: '2026-01-02T00:00:00Z',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    },
  ]);
});
