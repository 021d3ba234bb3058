// Summing node capacities for the heartbeat: exact arithmetic on Kubernetes quantities, and
// results the control plane's Quantity pattern accepts.
import t from 'tap';
import { formatQuantity, parseQuantity, sumResources } from '../../../src/lib/quantity.js';
import { Quantity } from '../../../src/schemas/synctarget.js';

const quantityPattern = new RegExp((Quantity as unknown as { pattern: string }).pattern);

t.test('parses every suffix form into nano-units', async (t) => {
  t.equal(parseQuantity('1')?.nano, 1_000_000_000n);
  t.equal(parseQuantity('500m')?.nano, 500_000_000n);
  t.equal(parseQuantity('1Ki')?.nano, 1024n * 1_000_000_000n);
  t.equal(parseQuantity('1.5Gi')?.nano, 1536n * 1024n * 1024n * 1_000_000_000n);
  t.equal(parseQuantity('2k')?.nano, 2000n * 1_000_000_000n);
  t.equal(parseQuantity('1e3')?.nano, 1000n * 1_000_000_000n);
  t.equal(parseQuantity('.5')?.nano, 500_000_000n);
  t.equal(parseQuantity('100n')?.nano, 100n);
  t.equal(parseQuantity('-1')?.nano, -1_000_000_000n);
  t.equal(parseQuantity('1Gi')?.binary, true);
  t.equal(parseQuantity('1G')?.binary, false);
});

t.test('rounds below a nano-unit up, as Kubernetes does', async (t) => {
  t.equal(parseQuantity('0.1n')?.nano, 1n);
});

t.test('refuses what is not a quantity', async (t) => {
  for (const text of ['', 'abc', '1.2.3', '5 Gi', '1Kb', '1e99'])
    t.equal(parseQuantity(text), undefined, JSON.stringify(text));
});

t.test('formats exactly and briefly', async (t) => {
  const q = (text: string) => formatQuantity(parseQuantity(text)!);
  t.equal(q('4'), '4');
  t.equal(q('1500m'), '1500m');
  t.equal(q('8000'), '8k');
  t.equal(q('2048Mi'), '2Gi');
  t.equal(q('1536Ki'), '1536Ki');
  t.equal(q('0'), '0');
  t.equal(q('1500u'), '1500u');
  t.equal(q('7n'), '7n');
});

t.test('sums per resource across nodes, keeping binary units when all are binary', async (t) => {
  const total = sumResources([
    { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100G' },
    { cpu: '500m', memory: '16384Mi', pods: '110' },
    undefined,
    { cpu: '3500m', memory: '1G', pods: '110' },
  ]);
  t.same(total, { cpu: '8', 'ephemeral-storage': '100G', memory: '35359738368', pods: '330' });
  t.same(sumResources([{ memory: '1Gi' }, { memory: '1Gi' }]), { memory: '2Gi' });
  for (const value of Object.values(total)) t.match(value, quantityPattern);
});

t.test('leaves out values that are not quantities instead of failing the heartbeat', async (t) => {
  t.same(sumResources([{ cpu: '2', gpu: 'lots' }, { cpu: '2' }]), { cpu: '4' });
});
