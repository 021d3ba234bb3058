// The reverse index of placements: which objects are on each target, as objects move.
import t from 'tap';
import { PlacedByTarget } from '../../../src/scheduling/target-index.js';

t.test('objects placed, moved and removed: each target lists exactly what is on it', async (t) => {
  const placed = new PlacedByTarget();
  placed.set('Deployment a/web', new Set(['t1', 't2']));
  placed.set('ConfigMap a/cfg', new Set(['t2']));
  t.same(placed.keysOn('t2'), ['ConfigMap a/cfg', 'Deployment a/web']);
  placed.set('Deployment a/web', new Set(['t2', 't3']));
  t.same(placed.keysOn('t1'), [], 'a target the object left lists it no more');
  t.same(placed.keysOn('t2'), ['ConfigMap a/cfg', 'Deployment a/web'], 'a target it stays on keeps it');
  t.same(placed.keysOn('t3'), ['Deployment a/web'], 'a target it came to lists it');
  t.same([...placed.targetsOf('Deployment a/web')], ['t2', 't3']);
  placed.set('Deployment a/web', new Set());
  t.same(placed.keysOn('t2'), ['ConfigMap a/cfg']);
  t.same(placed.keysOn('t3'), []);
  t.same([...placed.targetsOf('Deployment a/web')], []);
  placed.set('ConfigMap a/cfg', new Set(['t2']));
  t.same(placed.keysOn('t2'), ['ConfigMap a/cfg'], 'the same targets again change nothing');
});
