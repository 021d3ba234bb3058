// The JSON guard and the helpers that walk JSON values: what they refuse, the field they name,
// and that no nesting, however deep, exhausts the stack.
import fc from 'fast-check';
import t from 'tap';
import { canonicalJson } from '../../../src/lib/canonical-json.js';
import { MAX_BODY_DEPTH, excessNesting, jsonFlaw, stringFlaw } from '../../../src/lib/json-guard.js';
import { jsonEqual } from '../../../src/lib/merge-patch.js';
import { safeRequestId } from '../../../src/lib/request-id.js';

const SEED = 20_260_412;
const guard = { maxDepth: MAX_BODY_DEPTH, finiteNumbers: true };

/** `{"a":{"a":…1…}}`, `depth` objects deep, built without recursion. */
function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

t.test('a NUL or an unpaired surrogate is a flaw; paired surrogates and other controls are not', async (t) => {
  t.match(stringFlaw('x\u0000y'), /NUL/);
  t.match(stringFlaw('\ud800'), /unpaired UTF-16 surrogate \(\\ud800\)/);
  t.match(stringFlaw('a\udc00'), /\\udc00/);
  t.match(stringFlaw('\udc00\ud800'), /surrogate/, 'a low then a high half is no pair');
  t.equal(stringFlaw('😀 \u0001\u001f\t\u2028 ok'), undefined);
});

t.test('jsonFlaw names the field of the first flaw, in Kubernetes form', async (t) => {
  t.same(jsonFlaw({ syncerVersion: 'x\u0000y' }, guard), {
    field: 'syncerVersion',
    message: 'Invalid value: must not contain the NUL character (\\u0000)',
  });
  const entries = { status: { syncTargets: [{}, { message: '\ud800' }] } };
  t.equal(jsonFlaw(entries, guard)?.field, 'status.syncTargets[1].message');
  const labels = { metadata: { labels: { 'a\u0000': 'b' } } };
  t.match(jsonFlaw(labels, guard), { field: 'metadata.labels["a\\u0000"]', message: /^Invalid key: .*NUL/ });
  t.equal(jsonFlaw({ 'app.kubernetes.io/name': ['\ud800'] }, guard)?.field, '["app.kubernetes.io/name"][0]');
  t.equal(jsonFlaw('\u0000', guard)?.field, '', 'the whole value');
  t.match(jsonFlaw({ spec: { replicas: Infinity } }, guard), { field: 'spec.replicas', message: /out of range/ });
  t.equal(jsonFlaw({ spec: { replicas: Infinity } }, { maxDepth: 10 }), undefined, 'numbers only when asked');
  t.equal(jsonFlaw({ a: [1, 'b', null, true, { c: '😀' }] }, guard), undefined);
  const long = 'k'.repeat(500);
  t.ok(jsonFlaw({ [long]: '\u0000' }, guard)!.field.length < 100, 'a long key is shortened');
});

t.test('jsonFlaw counts depth as Kubernetes does and walks any depth without recursion', async (t) => {
  t.equal(jsonFlaw(nested(MAX_BODY_DEPTH), guard), undefined, 'the limit itself is fine');
  t.same(jsonFlaw(nested(MAX_BODY_DEPTH + 1), guard), {
    field: `${'a.'.repeat(MAX_BODY_DEPTH - 1)}a`,
    message: 'Invalid value: nests deeper than 100 levels',
  });
  t.equal(jsonFlaw([nested(MAX_BODY_DEPTH - 1)], guard), undefined, 'arrays count as levels too');
  t.ok(jsonFlaw([nested(MAX_BODY_DEPTH)], guard));
  t.equal(jsonFlaw(nested(200_000), { maxDepth: 300_000 }), undefined, 'no stack overflow');
  const deepFlaw = jsonFlaw(nested(200_000, '\u0000'), { maxDepth: 300_000 });
  t.match(deepFlaw, { field: /^…(\.a){100,}$/ }, 'the path of a deep flaw is cut short');
  t.ok(deepFlaw!.field.length <= 257);
});

t.test('excessNesting finds the bracket past the limit, and ignores brackets in strings', async (t) => {
  t.equal(excessNesting('[[[]]]', 3), -1);
  t.equal(excessNesting('[[[[]]]]', 3), 3);
  t.equal(excessNesting('{"a":"[[[[[[","b":{}}', 2), -1);
  t.equal(excessNesting('{"a\\"[[[[":{"b":{}}}', 2), 16, 'an escaped quote does not end a string');
  t.equal(excessNesting('['.repeat(5_000_000), 100), 100, 'an unbalanced million brackets: found at once');
});

t.test('jsonEqual and canonicalJson take any depth', async (t) => {
  const deep = nested(200_000);
  t.equal(jsonEqual(deep, nested(200_000)), true);
  t.equal(jsonEqual(deep, nested(200_000, 2)), false);
  t.equal(canonicalJson(nested(200_000)).length, '{"a":}'.length * 200_000 + 1);
});

// The recursive forms these replaced: the new ones must answer exactly as they did.
function recursiveEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => recursiveEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  const otherKeys = Object.keys(right).filter((k) => right[k] !== undefined);
  return keys.length === otherKeys.length && keys.every((k) => recursiveEqual(left[k], right[k]));
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sorted = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(sorted);
  return isObject(v)
    ? Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted(v[k])]),
      )
    : v;
};

const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(undefined, null, true, 0, -0, 1.5, NaN, Infinity, 'a', '', '10'),
    fc.string(),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  // Keys that look like array indices are listed first by objects: the order must not change.
  object: fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('0', '2', '10', '01', '-1', '4294967295', '4294967294', 'a')),
    tie('value'),
    { maxKeys: 5 },
  ),
})).value;

t.test('jsonEqual and canonicalJson answer as their recursive forms did', async (t) => {
  // fc.assert throws, with the smallest counterexample, when a property fails.
  fc.assert(
    fc.property(
      values,
      values,
      (a, b) =>
        jsonEqual(a, b) === recursiveEqual(a, b) &&
        jsonEqual(a, structuredClone(a)) === recursiveEqual(a, structuredClone(a)) &&
        canonicalJson(a) === JSON.stringify(sorted(a)),
    ),
    { seed: SEED, numRuns: 1000 },
  );
  t.pass('1000 generated pairs');
  const mixed = { b: 1, 10: 2, a: [undefined, () => 1], 2: { y: undefined, x: 1 } };
  t.equal(canonicalJson(mixed), '{"2":{"x":1},"10":2,"a":[null,null],"b":1}');
});

t.test('a client request id is echoed only when short and plain', async (t) => {
  for (const good of ['agent-chosen-id', '0f8fad5b-d9cb-469f-a165-70867728950e', 'trace:00-4bf92f35/ab+c=@x.y_z']) {
    t.equal(safeRequestId(good), good);
  }
  for (const bad of ['', 'a b', '<script>', 'x'.repeat(129), 'é', 'a\u0000', 'a,b']) {
    t.equal(safeRequestId(bad), undefined, JSON.stringify(bad));
  }
  t.equal(safeRequestId(['a', 'b']), undefined);
  t.equal(safeRequestId(undefined), undefined);
});
