// Slow, idle and bodiless clients against the real `tmc server` process, in numbers.
// 2,000 connections at once, none with a token: the bodiless `POST /healthz` of the defect report
// (Content-Length 999999, no body), bodies trickled without a token, connections that send
// nothing, headers that never end. The first two are answered from their headers and closed;
// the last two are cut off by --headers-timeout. Meanwhile /readyz answers quickly, and once they
// are gone the server's descriptors and heap are back where they were.
// (Near the file-descriptor limit: slow-clients-fd-limit.test.ts.)
import t from 'tap';
import type { RawConnection } from '../helpers/raw-http.js';
import { collectGarbage } from '../helpers/inspector-gc.js';
import { freePort, startServerProcess } from '../helpers/server-process.js';
import { waitFor } from '../helpers/wait.js';
import { ADMIN, type Kind, fileLimits, median, metrics, openKind, readyzMs } from './slow-clients-helpers.js';

const CONNECTIONS = 2_000;
/** Source addresses to spread them over, so the per-address cap is not what turns them away. */
const ADDRESSES = 40;
// Long enough that the connections it cuts off are still held once the burst of opening them is
// over (on two busy cores that takes seconds), when /readyz is measured.
const HEADERS_TIMEOUT_MS = 15_000;

const limits = fileLimits();
// This process holds one end of every connection: its own limit cannot be raised from here.
const tooFewFiles =
  limits.soft < CONNECTIONS + 600 || limits.hard < 2 * CONNECTIONS
    ? `needs ulimit -n of ${CONNECTIONS + 600} (hard ${2 * CONNECTIONS}); it is ${limits.soft} (hard ${limits.hard})`
    : false;

const title = `${CONNECTIONS} slow and bodiless connections hold neither the server nor its memory`;
t.test(title, { skip: tooFewFiles }, async (t) => {
  const fdLimit = Math.min(limits.hard, Math.max(limits.soft, 2 * CONNECTIONS));
  const inspectorPort = await freePort();
  const server = await startServerProcess(
    ['--data-dir', t.testdir(), '--headers-timeout', `${HEADERS_TIMEOUT_MS}ms`, '--request-timeout', '20s'],
    { TMC_ADMIN_TOKEN: ADMIN, NODE_OPTIONS: `--inspect=127.0.0.1:${inspectorPort}` },
    90_000,
    { quiet: true, fdLimit },
  );
  t.teardown(() => server.stop('SIGKILL'));
  await collectGarbage(inspectorPort);
  const before = await metrics(server);

  // Per 20: 6 bodiless POST /healthz, 4 trickled bodies, 5 sending nothing, 5 stuck in their headers.
  const mix = [
    [6, 'bodiless POST /healthz'],
    [4, 'trickled body, no token'],
    [5, 'nothing sent'],
    [5, 'headers never end'],
  ] as const;
  const kinds = mix.flatMap(([count, kind]): Kind[] => Array.from({ length: count }, () => kind));
  // Times from the connection's establishment: a SYN the kernel dropped and resent is not the server's doing.
  const held: { kind: Kind; connection: RawConnection; connectedAt?: number; closedAfter?: number }[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const kind = kinds[i % kinds.length]!;
    const connection = openKind(server.url, kind, `127.0.0.${2 + (i % ADDRESSES)}`, i % 2 === 0);
    const entry: (typeof held)[number] = { kind, connection };
    connection.socket.once('connect', () => (entry.connectedAt = Date.now()));
    void connection.closed.then(() => (entry.closedAfter = Date.now() - (entry.connectedAt ?? Date.now())));
    held.push(entry);
    // In batches: a burst of thousands of SYNs only overflows the listen backlog.
    if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const trickle = setInterval(() => {
    for (const { kind, connection } of held) {
      if (connection.socket.destroyed) continue;
      if (kind === 'trickled body, no token') connection.socket.write('x'.repeat(1024));
      if (kind === 'headers never end') connection.socket.write('X-Slow: yes\r\n');
    }
  }, 250);
  t.teardown(() => clearInterval(trickle));

  const atOnce = (kind: Kind) => kind === 'bodiless POST /healthz' || kind === 'trickled body, no token';
  const answeredAtOnce = held.filter((h) => atOnce(h.kind));
  await waitFor(
    () => answeredAtOnce.every((h) => h.connection.answered()),
    'an answer to every request with a body where none is taken',
    HEADERS_TIMEOUT_MS / 2,
  );

  // The burst is over; the others are held. Each probe on a new connection; the median, since
  // the machine's other work may delay any one of them.
  const stillOpen = () => held.filter((h) => h.closedAfter === undefined).length;
  const samples: number[] = [];
  for (let i = 0; i < 9; i++) samples.push(await readyzMs(server.url));
  const open = stillOpen();
  const shown = samples.map((s) => s.toFixed(0)).join(', ');
  t.ok(open >= CONNECTIONS / 2 - 100, `measured while ${open} of the connections were held`);
  t.ok(median(samples) < 100, `/readyz answers in ${median(samples).toFixed(1)} ms (median of ${shown})`);
  const during = await metrics(server);

  await waitFor(() => stillOpen() === 0, 'the server to close every connection', HEADERS_TIMEOUT_MS + 20_000);
  clearInterval(trickle);
  for (const kind of new Set(kinds)) {
    const ofKind = held.filter((h) => h.kind === kind);
    const replies = await Promise.all(ofKind.map((h) => h.connection.reply));
    const statuses = [...new Set(replies.map((r) => r?.status ?? 'none'))];
    const slowest = Math.max(...ofKind.map((h) => h.closedAfter!));
    if (kind === 'bodiless POST /healthz') t.same(statuses, [404], `${kind}: answered 404 from the headers`);
    if (kind === 'trickled body, no token') t.same(statuses, [401], `${kind}: answered 401 before the body`);
    // A header line sent just as the server closes makes it reset the connection, which may cost
    // the client the 408 already sent: an answer lost that way is no other answer.
    if (kind === 'headers never end') {
      t.same(
        statuses.filter((s) => s !== 'none'),
        [408],
        `${kind}: 408 after the headers timeout`,
      );
    }
    // Answered ones are closed before any timeout could have closed them.
    const bound = atOnce(kind) ? HEADERS_TIMEOUT_MS : HEADERS_TIMEOUT_MS + 5_000;
    t.ok(slowest < bound, `${kind}: all closed by the server, the last ${slowest} ms after it was established`);
  }

  // Descriptors at once; the heap after a full collection, as before.
  const fdsBefore = before.process_open_fds!;
  const fds = await waitFor(
    async () => {
      const now = (await metrics(server)).process_open_fds!;
      return now <= fdsBefore + 5 && now;
    },
    'the descriptors to be released',
    10_000,
  );
  t.pass(`descriptors: ${fdsBefore} before, ${during.process_open_fds} while held, ${fds} after`);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const heapBefore = before.nodejs_heap_size_used_bytes!;
  await collectGarbage(inspectorPort);
  const heap = (await metrics(server)).nodejs_heap_size_used_bytes!;
  const heapDuring = during.nodejs_heap_size_used_bytes!;
  const shownHeap = `${mib(heapBefore)} before, ${mib(heapDuring)} while held, ${mib(heap)} after`;
  t.ok(heap <= heapBefore + 16 * 2 ** 20, `heap used back within 16 MiB: ${shownHeap}`);
  t.equal(await server.stop('SIGTERM'), 0);
});
