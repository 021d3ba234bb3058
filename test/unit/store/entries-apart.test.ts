// Which objects keep their entries apart, and which rows a write changes (entries-apart.ts).
import t from 'tap';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { ENTRIES_APART_FROM, entryChanges, joinEntries, splitEntries } from '../../../src/store/entries-apart.js';

const named = (i: number) => ({ name: `t-${String(i).padStart(4, '0')}`, state: 'Applied' });
const many = (n = ENTRIES_APART_FROM) => Array.from({ length: n }, (_, i) => named(i));
const withEntries = (entries: unknown): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  status: { observedGeneration: 1, syncTargets: entries, replicas: 3 },
});

void t.test('split: from the threshold on, named entries in ascending order', async (t) => {
  t.equal(splitEntries(withEntries(many(ENTRIES_APART_FROM - 1))), undefined, 'below the threshold: whole');
  const entries = many();
  const apart = splitEntries(withEntries(entries))!;
  t.equal(apart.entries, entries, 'the entries themselves, not copies');
  t.same(apart.body.status, { observedGeneration: 1, syncTargets: ENTRIES_APART_FROM, replicas: 3 });
  t.same(Object.keys(apart.body.status as object), ['observedGeneration', 'syncTargets', 'replicas'], 'in place');
  const back = joinEntries(apart.body, entries);
  t.equal(JSON.stringify(back), JSON.stringify(withEntries(entries)), 'joined back: the same text');

  t.equal(splitEntries({ ...withEntries(undefined), status: undefined }), undefined, 'no status');
  t.equal(splitEntries(withEntries('text')), undefined, 'not an array');
  const cases: [string, unknown[]][] = [
    ['out of order', [...many().slice(1), named(0)]],
    ['a name twice', [...many(), named(ENTRIES_APART_FROM - 1)]],
    ['an entry without a name', [...many(), { state: 'x' }]],
    ['an entry that is not an object', [...many(), 'x']],
    ['an array as an entry', [...many(), [named(999)]]],
    ['a name outside printable ASCII', [...many(), { name: 'zé' }]],
    ['a name with a space', [...many(), { name: 'z z' }]],
  ];
  for (const [what, list] of cases) t.equal(splitEntries(withEntries(list)), undefined, what);
});

void t.test('changes: by identity, merged by name', async (t) => {
  const before = many(6);
  t.same(entryChanges(before, before), { put: [], remove: [], replaceAll: false }, 'the same entries: nothing');
  const copy = { ...before[2]! };
  const after = [before[0]!, copy, before[3]!, named(4), named(7), named(8)];
  const changes = entryChanges(before, after);
  t.equal(changes.put[0], copy, 'a replaced entry is written, even with equal content');
  t.same(
    changes.put.map((e) => e.name),
    [copy.name, 't-0004', 't-0007', 't-0008'],
    'replaced and added',
  );
  t.same(changes.remove, ['t-0001', 't-0005'], 'the names gone');
  t.same(entryChanges(before, []), { put: [], remove: before.map((e) => e.name), replaceAll: false }, 'all gone');
  const unknown = entryChanges(undefined, before);
  t.equal(unknown.replaceAll, true, 'nothing known: every row replaced');
  t.same(unknown.put, before);
});
