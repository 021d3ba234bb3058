// The keep-alive pace by connections open: pressed from half the cap, relaxed below two fifths
// (no flapping in between), and never for a server without a cap or with a short timeout already.
import type { Server } from 'node:http';
import t from 'tap';
import { KeepAlivePacing, PRESSED_KEEP_ALIVE_MS } from '../../../../src/api/http/keep-alive-pacing.js';

const server = (keepAliveTimeout: number) => ({ keepAliveTimeout }) as Server;

t.test('pressed from half the cap, relaxed below two fifths of it', async (t) => {
  const changes: [boolean, number, number][] = [];
  const pacing = new KeepAlivePacing(100, (...change) => changes.push(change));
  const paced = server(72_000);
  pacing.attach(paced);
  for (const open of [1, 30, 49]) pacing.update(open);
  t.equal(paced.keepAliveTimeout, 72_000, 'below half: as configured');
  pacing.update(50);
  t.equal(paced.keepAliveTimeout, PRESSED_KEEP_ALIVE_MS);
  t.equal(pacing.isPressed, true);
  for (const open of [49, 45, 40, 55]) pacing.update(open);
  t.equal(paced.keepAliveTimeout, PRESSED_KEEP_ALIVE_MS, 'between the two: stays pressed');
  pacing.update(39);
  t.equal(paced.keepAliveTimeout, 72_000, 'below two fifths: relaxed');
  pacing.update(45);
  t.equal(paced.keepAliveTimeout, 72_000, 'between the two: stays relaxed');
  t.same(changes, [
    [true, 50, PRESSED_KEEP_ALIVE_MS],
    [false, 39, 72_000],
  ]);
});

t.test('never paced: no cap, or idle connections kept no longer than the pressed time anyway', async (t) => {
  for (const [cap, timeout] of [
    [0, 72_000],
    [100, PRESSED_KEEP_ALIVE_MS],
    [100, 1_000],
  ] as const) {
    const pacing = new KeepAlivePacing(cap);
    const paced = server(timeout);
    pacing.attach(paced);
    pacing.update(99);
    t.equal(paced.keepAliveTimeout, timeout, `cap ${cap}, timeout ${timeout}`);
    t.equal(pacing.isPressed, false);
  }
});
