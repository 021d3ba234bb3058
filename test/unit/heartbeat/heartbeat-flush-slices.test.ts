// A flush of a fleet's heartbeat times writes them in slices with a return to the event loop
// between, and marks them written only once every slice is: after a failed slice, the next flush
// writes every time of that flush again.
import { pino } from 'pino';
import t from 'tap';
import { FLUSH_SLICE, Heartbeats } from '../../../src/heartbeat/heartbeats.js';
import type { SyncTargetIndex } from '../../../src/heartbeat/target-index.js';
import { SERVER_CONDITION_TYPES } from '../../../src/schemas/agent.js';
import type { HeartbeatRecord, Store } from '../../../src/store/types.js';

const REST = FLUSH_SLICE / 2;
const TARGETS = 2 * FLUSH_SLICE + REST;
const ready = SERVER_CONDITION_TYPES.map((type) => ({ type, status: 'True', reason: 'HeartbeatHealthy' }));

t.test("a fleet's times are flushed in slices, and again whole after a failure", async (t) => {
  const writes: HeartbeatRecord[][] = [];
  let failOn = -1;
  let between = 0;
  const store = {
    recordHeartbeats: async (beats: HeartbeatRecord[]) => {
      if (writes.length === failOn) {
        failOn = -1;
        throw new Error('disk full');
      }
      writes.push(beats);
      // Something queued while this slice is written runs before the next slice is.
      setImmediate(() => between++);
    },
  } as unknown as Store;
  const index = {
    get: (name: string) => ({ name, uid: `uid-${name}`, status: { conditions: ready } }),
  } as unknown as SyncTargetIndex;
  const heartbeats = new Heartbeats(store, index, 60_000, pino({ level: 'silent' }));
  const names = Array.from({ length: TARGETS }, (_, i) => `edge-${i}`);
  t.ok(
    names.every((name) => heartbeats.receive(name, {}) === 'coalesced'),
    'each beat moves a time in memory',
  );

  failOn = 1;
  await heartbeats.flush();
  t.same(
    writes.map((w) => w.length),
    [FLUSH_SLICE],
    'the first slice written, the second failed',
  );
  writes.length = 0;
  between = 0;
  await heartbeats.flush();
  t.same(
    writes.map((w) => w.length),
    [FLUSH_SLICE, FLUSH_SLICE, REST],
    'the next flush writes every time again, a slice at a time',
  );
  t.same(new Set(writes.flat().map((b) => b.name)), new Set(names), 'each target once');
  t.ok(between >= 2, 'other work ran between the slices');
  writes.length = 0;
  await heartbeats.flush();
  t.same(writes, [], 'all written: nothing left to flush');
});
