// The in-memory heartbeat clock: which times are dirty (to flush) and which are not.
import t from 'tap';
import { HeartbeatClock } from '../../../src/heartbeat/heartbeat-clock.js';

t.test('received times are dirty until flushed; a newer one during the flush stays dirty', async (t) => {
  const clock = new HeartbeatClock();
  clock.record('a', 'uid-a', 100);
  clock.record('a', 'uid-a', 90);
  t.equal(clock.latest('a', 'uid-a'), 100, 'time never moves back');
  t.equal(clock.latest('a', 'other-uid'), undefined, 'another incarnation has no time');
  const batch = clock.takeDirty();
  t.same(batch, [{ name: 'a', uid: 'uid-a', time: 100 }]);
  clock.record('a', 'uid-a', 120);
  clock.markFlushed(batch);
  t.same(clock.takeDirty(), [{ name: 'a', uid: 'uid-a', time: 120 }]);
  clock.markFlushed(clock.takeDirty());
  t.equal(clock.pending, 0);
});

t.test('times read from the store are clean; a new incarnation replaces the old one', async (t) => {
  const clock = new HeartbeatClock();
  clock.observe('a', 'uid-a', 100);
  t.equal(clock.pending, 0);
  clock.record('a', 'uid-a', 110);
  clock.observe('a', 'uid-a', 130);
  t.equal(clock.pending, 0, 'a newer stored time makes the local one moot');
  t.equal(clock.latest('a', 'uid-a'), 130);
  clock.record('a', 'uid-b', 50);
  t.equal(clock.latest('a', 'uid-b'), 50);
  t.equal(clock.latest('a', 'uid-a'), undefined);
  clock.forget('a');
  t.equal(clock.latest('a', 'uid-b'), undefined);
  t.equal(clock.pending, 0);
});
