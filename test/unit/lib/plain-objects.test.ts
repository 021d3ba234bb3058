// merged and without make what a spread makes: the same keys in the same order, a later part's
// value in an earlier part's place, an own __proto__ kept as a key, and Object's prototype.
import t from 'tap';
import { merged, without } from '../../../src/lib/plain-objects.js';

t.test('merged is a spread of its parts', async (t) => {
  const a = { name: 'x', state: 'Pending', lastUpdateTime: 'then' };
  const b = { reason: 'Selected' };
  const out = merged<Record<string, unknown>>(a, b, undefined, { lastUpdateTime: 'now' });
  const spread = { ...a, ...b, lastUpdateTime: 'now' };
  t.same(Object.keys(out), Object.keys(spread), 'keys in the order a spread gives');
  t.equal(JSON.stringify(out), JSON.stringify(spread));
  t.equal(Object.getPrototypeOf(out), Object.prototype, "Object's prototype, as a literal has");
  t.equal(out.constructor, Object);
  t.not(out, a, 'a fresh object');
  t.same(a, { name: 'x', state: 'Pending', lastUpdateTime: 'then' }, 'the parts are left alone');
});

t.test('without leaves the keys out, then lays the parts over', async (t) => {
  const entry = { name: 'x', dependencyOf: ['d'], state: 'Pending', lastUpdateTime: 'then' };
  const out = without(entry, ['dependencyOf'], { reason: 'Selected' }, { lastUpdateTime: 'now' });
  const { dependencyOf: _dropped, ...rest } = entry;
  t.equal(JSON.stringify(out), JSON.stringify({ ...rest, reason: 'Selected', lastUpdateTime: 'now' }));
  t.notOk('dependencyOf' in out);
});

t.test('an own __proto__ key stays a key, as in a spread, and the prototype is untouched', async (t) => {
  const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
  const out = merged<Record<string, unknown>>(parsed);
  t.equal(Object.getPrototypeOf(out), Object.prototype);
  t.notOk((out as { polluted?: boolean }).polluted, 'nothing inherited from it');
  t.equal(JSON.stringify(out), JSON.stringify({ ...parsed }));
});
