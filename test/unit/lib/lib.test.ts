import t from 'tap';
import { formatDuration, parseDuration } from '../../../src/lib/duration.js';
import { applyMergePatch, jsonEqual } from '../../../src/lib/merge-patch.js';
import {
  validateAnnotations,
  validateLabels,
  validateQualifiedName,
  validateSubdomainName,
} from '../../../src/lib/validation.js';
import { fieldPath } from '../../../src/api/http/ajv.js';

t.test('durations in the Go form', async (t) => {
  t.equal(parseDuration('500ms'), 500);
  t.equal(parseDuration('20s'), 20_000);
  t.equal(parseDuration('1m30s'), 90_000);
  t.equal(parseDuration('1.5h'), 5_400_000);
  t.equal(parseDuration('0'), 0);
  for (const bad of ['20', '', 's', '5 m', '1d', '-1s', '1s2'])
    t.throws(() => parseDuration(bad), /invalid duration/, bad);
  t.equal(formatDuration(90_000), '1m30s');
  t.equal(formatDuration(250), '250ms');
  t.equal(formatDuration(0), '0s');
});

t.test('JSON merge patch (RFC 7386 examples)', async (t) => {
  t.same(applyMergePatch({ a: 'b' }, { a: 'c' }), { a: 'c' });
  t.same(applyMergePatch({ a: 'b' }, { b: 'c' }), { a: 'b', b: 'c' });
  t.same(applyMergePatch({ a: 'b' }, { a: null }), {});
  t.same(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] }), { a: [1] });
  t.same(applyMergePatch({ a: { b: 'c' } }, { a: { b: 'd', c: null } }), { a: { b: 'd' } });
  t.same(applyMergePatch(['a'], { a: 'b' }), { a: 'b' });
  t.same(applyMergePatch({ a: 'foo' }, 'bar'), 'bar');
  const target = { a: { b: 1 } };
  applyMergePatch(target, { a: { b: 2 } });
  t.same(target, { a: { b: 1 } }, 'the target is not mutated');
});

t.test('jsonEqual ignores key order and undefined keys', async (t) => {
  t.ok(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }));
  t.ok(jsonEqual({ a: 1, x: undefined }, { a: 1 }));
  t.notOk(jsonEqual({ a: 1 }, { a: 2 }));
  t.notOk(jsonEqual([1], { 0: 1 }));
  t.notOk(jsonEqual(null, {}));
});

t.test('Kubernetes name and label rules', async (t) => {
  t.same(validateSubdomainName('n', 'edge-1.example'), []);
  t.equal(validateSubdomainName('n', 'Edge').length, 1);
  t.equal(validateSubdomainName('n', '-edge').length, 1);
  t.same(validateQualifiedName('k', 'example.com/team_a.b'), []);
  t.equal(validateQualifiedName('k', 'Example.com/x').length, 1);
  t.equal(validateQualifiedName('k', `${'a'.repeat(64)}`).length, 1);
  t.same(validateLabels('l', { a: '', b: 'x.y-z_1' }), []);
  t.equal(validateLabels('l', { a: 'x y' }).length, 1);
  t.equal(validateAnnotations('a', { big: 'x'.repeat(256 * 1024 + 1) })[0]?.reason, 'FieldValueTooLong');
});

t.test('ajv paths become Kubernetes field paths', async (t) => {
  t.equal(fieldPath('/spec/replicas'), 'spec.replicas');
  t.equal(fieldPath('/spec/containers/0/image'), 'spec.containers[0].image');
  t.equal(fieldPath('/metadata', 'name'), 'metadata.name');
  t.equal(fieldPath('/metadata/labels/a~1b'), 'metadata.labels.a/b');
});
