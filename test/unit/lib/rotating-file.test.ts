// The audit log's file: rotated by size into FILE.1 … FILE.<maxBackups>, the oldest dropped,
// every line whole in exactly one file, owner-only.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { RotatingFile } from '../../../src/lib/rotating-file.js';

const line = (n: number) => `{"n":${String(n).padStart(3, '0')}}\n`; // 10 bytes

t.test('rotates before a line would pass the limit, keeping maxBackups old files', async (t) => {
  const path = join(t.testdir(), 'logs', 'audit.log');
  const file = new RotatingFile(path, 25, 2);
  for (let n = 1; n <= 9; n++) file.write(line(n));
  file.close();
  // Two lines (20 bytes) per file: 9 lines fill 5 files, of which FILE and two backups remain.
  t.equal(readFileSync(path, 'utf8'), line(9));
  t.equal(readFileSync(`${path}.1`, 'utf8'), line(7) + line(8));
  t.equal(readFileSync(`${path}.2`, 'utf8'), line(5) + line(6));
  t.notOk(existsSync(`${path}.3`), 'no third backup');
  t.equal(statSync(path).mode & 0o777, 0o600, 'owner-only');
});

t.test('appends to an existing file and counts its size; 0 never rotates', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'audit.log');
  writeFileSync(path, line(0));
  const file = new RotatingFile(path, 25, 1);
  file.write(line(1));
  file.write(line(2));
  file.close();
  t.equal(readFileSync(`${path}.1`, 'utf8'), line(0) + line(1), 'the existing line counted');
  t.equal(readFileSync(path, 'utf8'), line(2));
  const endless = join(dir, 'endless.log');
  const unbounded = new RotatingFile(endless, 0, 1);
  for (let n = 1; n <= 5; n++) unbounded.write(line(n));
  unbounded.close();
  unbounded.write(line(6));
  unbounded.close();
  t.equal(readFileSync(endless, 'utf8').length, 60, 'a line after close opens the file again');
  t.notOk(existsSync(`${endless}.1`));
});
