// Leader election: the always-leader of SQLite, running tasks only while leading, and the
// PostgreSQL advisory-lock election among several electors on one real database.
import t from 'tap';
import { AlwaysLeader, type LeaderElector, type LeaderTask, runWhileLeader } from '../../src/store/leader-election.js';
import { PostgresLeaderElector } from '../../src/store/postgres/leader-election-postgres.js';
import { freshDatabase, sqlOn } from '../helpers/postgres.js';
import { silentLog } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';

/** A task that records its life and fails if two copies ever run at once. */
function recordingTask(startDelayMs = 0) {
  const events: string[] = [];
  let running = 0;
  let failStarts = 0;
  const task: LeaderTask = {
    async start() {
      if (failStarts > 0) {
        failStarts--;
        throw new Error('cannot start');
      }
      running++;
      await new Promise((resolve) => setTimeout(resolve, startDelayMs));
      events.push(running > 1 ? 'overlap' : 'start');
    },
    async stop() {
      running--;
      events.push('stop');
    },
  };
  return { task, events, failNextStart: () => (failStarts = 1) };
}

t.test('AlwaysLeader leads from start to stop and announces both', async (t) => {
  const leader = new AlwaysLeader(silentLog);
  const heard: boolean[] = [];
  leader.onChange((value) => heard.push(value));
  t.equal(leader.isLeader(), false);
  await leader.start();
  t.equal(leader.isLeader(), true);
  await leader.stop();
  t.same(heard, [true, false]);
});

t.test('runWhileLeader starts and stops the task with leadership, one copy at a time', async (t) => {
  const leader = new AlwaysLeader(silentLog);
  const { task, events } = recordingTask(30);
  const handle = runWhileLeader(leader, 'test', task, silentLog);
  // Gain, lose and gain again faster than the task starts: the transitions queue up in order.
  await leader.start();
  await leader.stop();
  await leader.start();
  await waitFor(() => events.length === 3, 'three transitions');
  t.same(events, ['start', 'stop', 'start']);
  await handle.close();
  t.same(events, ['start', 'stop', 'start', 'stop'], 'closing stops the running task');
  await leader.stop();
  await leader.start();
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(events.length, 4, 'a closed handle follows leadership no more');
});

t.test('a task that fails to start is retried at the next gain of leadership', async (t) => {
  const leader = new AlwaysLeader(silentLog);
  await leader.start();
  const { task, events, failNextStart } = recordingTask();
  failNextStart();
  const handle = runWhileLeader(leader, 'test', task, silentLog);
  await leader.stop();
  await leader.start();
  await waitFor(() => events.length === 1, 'the second start');
  await handle.close();
  t.same(events, ['start', 'stop'], 'started once, on the second gain; the failed start left nothing to stop');
});

t.test('PostgreSQL: one leader among electors; the lock passes on when it stops', async (t) => {
  const url = await freshDatabase(t);
  const electors = [0, 1, 2].map(() => new PostgresLeaderElector(url, silentLog, { retryIntervalMs: 200 }));
  t.teardown(() => Promise.all(electors.map((e) => e.stop())));
  for (const elector of electors) await elector.start();
  const leaders = () => electors.filter((e) => e.isLeader());
  t.equal(leaders().length, 1, 'the first to try leads');
  t.ok(electors[0]!.isLeader(), 'and that is the first started');
  await electors[0]!.stop();
  t.notOk(electors[0]!.isLeader());
  const next = await waitFor(() => leaders().length === 1 && leaders()[0], 'a new leader');
  t.not(next, electors[0]);
  await new Promise((resolve) => setTimeout(resolve, 600));
  t.equal(leaders().length, 1, 'still exactly one after a few retry rounds');
});

t.test("PostgreSQL: when the leader's session dies, a follower takes over and the old leader steps down", async (t) => {
  const url = await freshDatabase(t);
  const first: LeaderElector = new PostgresLeaderElector(url, silentLog, { retryIntervalMs: 200 });
  const second: LeaderElector = new PostgresLeaderElector(url, silentLog, { retryIntervalMs: 200 });
  t.teardown(() => Promise.all([first.stop(), second.stop()]));
  const heard: boolean[] = [];
  first.onChange((leader) => heard.push(leader));
  await first.start();
  await second.start();
  t.ok(first.isLeader());
  // Advisory locks belong to a database; other test files' servers hold theirs at the same time.
  const leaderPid = await sqlOn<{ pid: number }>(
    url,
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
    AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  t.equal(leaderPid.length, 1, 'one advisory lock is held');
  await sqlOn(url, 'SELECT pg_terminate_backend($1)', [leaderPid[0]!.pid]);
  await waitFor(() => second.isLeader(), 'the follower to take over');
  await waitFor(() => !first.isLeader(), 'the old leader to step down');
  t.same(heard, [true, false]);
  // The old leader reconnects and campaigns again, as a follower.
  await waitFor(
    async () =>
      (
        await sqlOn(
          url,
          "SELECT 1 FROM pg_stat_activity WHERE application_name = 'tmc-leader-controllers' AND datname = current_database()",
        )
      ).length === 2,
    'both electors connected',
  );
  t.notOk(first.isLeader());
});
