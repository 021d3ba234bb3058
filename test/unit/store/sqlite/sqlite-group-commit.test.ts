// Group commit with a database whose COMMIT fails (a full disk, an I/O error): every write of the
// turn fails with it, nothing is handed on, and the next turn begins afresh.
import type Database from 'better-sqlite3';
import t from 'tap';
import { GroupCommit } from '../../../../src/store/sqlite/sqlite-group-commit.js';

function fakeDatabase(failCommits: () => boolean) {
  const ran: string[] = [];
  let inTransaction = false;
  const db = {
    get inTransaction() {
      return inTransaction;
    },
    prepare: (sql: string) => ({
      run: () => {
        ran.push(sql);
        if (sql === 'BEGIN IMMEDIATE') inTransaction = true;
        else if (sql === 'ROLLBACK') inTransaction = false;
        else if (sql === 'COMMIT') {
          if (failCommits()) throw new Error('disk I/O error');
          inTransaction = false;
        }
      },
    }),
  };
  return { db: db as unknown as Database.Database, ran };
}

t.test('a failed commit fails every write of the turn and hands nothing on', async (t) => {
  let fail = true;
  const { db, ran } = fakeDatabase(() => fail);
  const handed: number[][] = [];
  const commits = new GroupCommit<number>(db, (items) => handed.push(items));
  const group = commits.join();
  t.equal(commits.join(), group, 'one group per turn');
  group.items.push(1, 2);
  await t.rejects(group.committed, /disk I\/O error/);
  t.same(ran, ['BEGIN IMMEDIATE', 'COMMIT', 'ROLLBACK']);
  t.same(handed, []);

  fail = false;
  const next = commits.join();
  t.not(next, group, 'the next turn begins afresh');
  next.items.push(3);
  await next.committed;
  t.same(handed, [[3]]);
  t.same(ran.slice(3), ['BEGIN IMMEDIATE', 'COMMIT']);
});

t.test('a turn whose writes all threw commits nothing to speak of, and its failure is not unhandled', async (t) => {
  const { db } = fakeDatabase(() => true);
  const commits = new GroupCommit<number>(db, () => t.fail('nothing to hand on'));
  commits.join();
  await new Promise((resolve) => setImmediate(resolve));
  await commits.settled();
  t.pass('no unhandled rejection');
});
