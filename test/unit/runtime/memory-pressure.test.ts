// MemoryPressure: short when the heap nears its limit or the resident size passes the operator's
// (a container's) limit; told once per change, not once per sample.
import t from 'tap';
import { type MemoryFigures, MemoryPressure } from '../../../src/runtime/memory-pressure.js';
import { cgroupMemoryLimit, rssCeiling } from '../../../src/lib/memory-limit.js';

t.test('short past the heap share or the resident limit; each change told once', async (t) => {
  let figures: MemoryFigures = { heapUsed: 50, heapLimit: 100, rss: 500 };
  const told: [boolean, number][] = [];
  const pressure = new MemoryPressure({
    heapShare: 0.8,
    rssLimit: 1000,
    read: () => figures,
    onChange: (short, f) => told.push([short, f.heapUsed]),
  });
  t.equal(pressure.sample(), false);
  figures = { ...figures, heapUsed: 81 };
  t.equal(pressure.sample(), true, 'the heap past its share');
  t.equal(pressure.sample(), true);
  t.equal(pressure.short, true);
  figures = { ...figures, heapUsed: 80 };
  t.equal(pressure.sample(), false, 'at the share is not past it');
  figures = { ...figures, rss: 1001 };
  t.equal(pressure.sample(), true, 'the resident size past its limit');
  t.same(told, [
    [true, 81],
    [false, 80],
    [true, 80],
  ]);
  t.equal(new MemoryPressure({ read: () => ({ heapUsed: 89, heapLimit: 100, rss: 1e12 }) }).sample(), false);
});

t.test("a container's limit from its cgroup file, when one is set", async (t) => {
  t.equal(cgroupMemoryLimit(['max\n']), undefined, 'cgroup v2 without a limit');
  t.equal(cgroupMemoryLimit([undefined, '536870912\n']), 536870912, 'cgroup v1');
  t.equal(cgroupMemoryLimit(['1073741824\n', '5']), 1073741824, 'the first file that says');
  t.equal(cgroupMemoryLimit([undefined, '9223372036854771712\n']), undefined, "v1's no limit");
  t.equal(cgroupMemoryLimit([undefined, undefined]), undefined);
  t.equal(rssCeiling(1000), 900);
  t.equal(rssCeiling(undefined), undefined);
});
