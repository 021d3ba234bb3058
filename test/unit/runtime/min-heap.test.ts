// The min-heap under the work queue's delays: pops come out in order whatever the pushes were.
import t from 'tap';
import { MinHeap } from '../../../src/runtime/min-heap.js';

t.test('pops in ascending order, with duplicates, interleaved with pushes', async (t) => {
  const heap = new MinHeap<number>((a, b) => a < b);
  t.equal(heap.pop(), undefined);
  t.equal(heap.peek(), undefined);
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 1000;
  const pushed: number[] = [];
  const popped: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const value = random();
    heap.push(value);
    pushed.push(value);
    if (i % 3 === 0) popped.push(heap.pop()!);
  }
  t.equal(heap.size, pushed.length - popped.length);
  const rest: number[] = [];
  const top = heap.peek();
  while (heap.size > 0) rest.push(heap.pop()!);
  t.equal(top, rest[0], 'peek shows the next pop');
  t.same(
    rest,
    [...rest].sort((a, b) => a - b),
    'the remainder drains sorted',
  );
  t.same(
    [...popped, ...rest].sort((a, b) => a - b),
    [...pushed].sort((a, b) => a - b),
    'nothing lost or duplicated',
  );
});
