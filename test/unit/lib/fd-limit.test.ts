// The connection cap derived from the open-files limit: read from /proc/self/limits as Linux
// writes it, and kept a reserve below the limit for what the process opens besides connections.
import t from 'tap';
import { connectionCap, openFileCount, openFileLimit } from '../../../src/lib/fd-limit.js';

const limits = (soft: string, hard = soft) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    `Max open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files     `,
    'Max locked memory         8388608              8388608              bytes     ',
  ].join('\n');

t.test('the soft limit on open files, when the system states one', async (t) => {
  t.equal(openFileLimit(limits('1024', '524288')), 1024, 'the soft limit, not the hard one');
  t.equal(openFileLimit(limits('unlimited')), undefined);
  t.equal(openFileLimit(''), undefined, 'no /proc: nothing known');
});

t.test('the cap leaves what is open and a reserve of a tenth (at least 64)', async (t) => {
  t.equal(connectionCap(20_000, 30), 20_000 - 30 - 2_000);
  t.equal(connectionCap(256, 30), 256 - 30 - 64);
  t.equal(connectionCap(undefined, 30), 0, 'no limit known: no cap');
  t.equal(connectionCap(80, 30), 1, 'never below one');
});

t.test('on this machine', { skip: process.platform !== 'linux' && 'Linux only' }, async (t) => {
  t.ok(openFileLimit()! > 0);
  t.ok(openFileCount() > 2, 'at least the standard streams');
});
