// The change fanout keeps the order of values for every listener, also when a listener emits.
import t from 'tap';
import { ChangeFanout } from '../../../src/store/change-fanout.js';

t.test('a value emitted by a listener reaches every listener after the one being delivered', async (t) => {
  const errors: unknown[] = [];
  const fanout = new ChangeFanout<number>((error) => errors.push(error));
  const heard: Record<string, number[]> = { writer: [], later: [] };
  // The writer reacts to 1 by emitting 2 at once, as a listener that writes to SQLite does.
  fanout.subscribe((value) => {
    heard.writer!.push(value);
    if (value === 1) fanout.emit(2);
  });
  fanout.subscribe((value) => heard.later!.push(value));
  fanout.emit(1);
  t.same(heard, { writer: [1, 2], later: [1, 2] }, 'the later listener hears 1 before 2');
  t.same(errors, []);
});

t.test('a listener that throws is reported and kept; the others still hear every value', async (t) => {
  const errors: unknown[] = [];
  const fanout = new ChangeFanout<number>((error) => errors.push(error));
  const heard: number[] = [];
  fanout.subscribe((value) => {
    throw new Error(`broken on ${value}`);
  });
  fanout.subscribe((value) => heard.push(value));
  fanout.emit(1);
  fanout.emit(2);
  t.same(heard, [1, 2]);
  t.equal(errors.length, 2);
});

t.test('undefined is a value like any other (the agent tokens\' "anything may have changed")', async (t) => {
  const fanout = new ChangeFanout<string | undefined>(() => {});
  const heard: (string | undefined)[] = [];
  fanout.subscribe((value) => heard.push(value));
  fanout.emit(undefined);
  fanout.emit('uid-1');
  fanout.emit(undefined);
  t.same(heard, [undefined, 'uid-1', undefined]);
});
