// Store contract, part 4: what no store may keep (a NUL or an unpaired surrogate in any string
// or key, too deep a nesting) is refused by every store alike, with StoreError Invalid naming
// the field, and nothing is written. PostgreSQL could not read such an object back as jsonb,
// and every later write to it would fail.
import type { Test } from 'tap';
import { MAX_STORED_DEPTH } from '../../src/lib/json-guard.js';
import type { KubeObject } from '../../src/schemas/meta.js';
import { type Store, StoreError } from '../../src/store/types.js';
import type { NewStoreFixture } from '../helpers/stores.js';
import { object } from './contract-helpers.js';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

interface Bad {
  title: string;
  change(o: KubeObject): KubeObject;
  field: string | RegExp;
  message: RegExp;
}

const BAD: Bad[] = [
  {
    title: 'NUL in a status string',
    change: (o) => ({ ...o, status: { syncerVersion: 'x\u0000y' } }),
    field: 'status.syncerVersion',
    message: /NUL/,
  },
  {
    title: 'NUL in a label key',
    change: (o) => ({ ...o, metadata: { ...o.metadata, labels: { 'a\u0000': 'b' } } }),
    field: 'metadata.labels["a\\u0000"]',
    message: /NUL/,
  },
  {
    title: 'a lone high surrogate',
    change: (o) => ({ ...o, spec: { x: ['\ud800'] } }),
    field: 'spec.x[0]',
    message: /surrogate/,
  },
  {
    title: 'a lone low surrogate',
    change: (o) => ({ ...o, status: { conditions: [{ message: 'a\udc00' }] } }),
    field: 'status.conditions[0].message',
    message: /surrogate/,
  },
  {
    // The object and its spec are two levels: the whole is one level deeper than allowed.
    title: 'too deep a nesting',
    change: (o) => ({ ...o, spec: { x: nested(MAX_STORED_DEPTH - 1) } }),
    field: /^…\.x(\.a){126}$/,
    message: /deeper than 128/,
  },
];

/** The preconditions of a write over what was read: its version and uid. */
const over = (read: KubeObject) => ({ resourceVersion: read.metadata.resourceVersion, uid: read.metadata.uid });

async function invalidOf(call: Promise<unknown>): Promise<StoreError | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (error instanceof StoreError && error.code === 'Invalid') return error;
    throw error;
  }
}

export function storableContract(t: Test, newFixture: NewStoreFixture): void {
  const withStore = (name: string, body: (t: Test, store: Store) => Promise<void>) =>
    t.test(name, async (t) => body(t, await (await newFixture(t)).open()));

  withStore('create and update refuse what no store can keep, naming the field, writing nothing', async (t, store) => {
    const stored = await store.create(object('edge-1'));
    for (const bad of BAD) {
      const created = await invalidOf(store.create(bad.change(object('edge-2'))));
      t.match(created?.field, { message: bad.message }, `create, ${bad.title}`);
      if (typeof bad.field === 'string') t.equal(created?.field?.field, bad.field, `create, ${bad.title}: the field`);
      else t.match(created?.field?.field, bad.field, `create, ${bad.title}: the field`);
      t.match(created?.message, /^SyncTarget edge-2: /, 'the message names the object');
      const updated = await invalidOf(store.update(bad.change(stored), over(stored)));
      t.same(updated?.field, created?.field, `update, ${bad.title}`);
    }
    t.equal(await store.currentResourceVersion(), 1, 'no version was taken');
    t.equal(await store.get({ kind: 'SyncTarget', namespace: '', name: 'edge-2' }), undefined);
    t.same(await store.get({ kind: 'SyncTarget', namespace: '', name: 'edge-1' }), stored);
    const rewritten = await store.update({ ...stored, status: { syncerVersion: 'v1 😀 \u0001' } }, over(stored));
    t.equal(rewritten.metadata.resourceVersion, '2', 'the object takes a clean write, uid precondition and all');
  });

  withStore('the deepest object allowed is stored and read back', async (t, store) => {
    const deepest = { ...object('edge-1'), spec: { x: nested(MAX_STORED_DEPTH - 2) } } as KubeObject;
    const created = await store.create(deepest);
    t.same(await store.get({ kind: 'SyncTarget', namespace: '', name: 'edge-1' }), created);
    await store.update({ ...created, status: { ok: true } }, over(created));
  });
}
