// One transaction per event-loop turn for the writes made in it, committed once the loop turns
// (setImmediate): a commit waits for the disk (synchronous=FULL), a savepoint does not. Each
// write is a savepoint inside it (better-sqlite3 nests a transaction function that way), so
// one that throws is undone alone. What a write produced is handed on only once committed;
// when the commit fails, every write of the turn fails with it and nothing is handed on.
import type Database from 'better-sqlite3';

export interface CommitGroup<T> {
  /** What the turn's writes produced, in order, handed on once committed. */
  items: T[];
  /** Settles when the turn's transaction is committed (or fails to be). */
  committed: Promise<void>;
}

interface OpenGroup<T> extends CommitGroup<T> {
  settle(error?: unknown): void;
}

/**
 * The groups open in this process, over any connection. A second connection to the same file in
 * this process (tests, a command beside the server) would wait for a lock that only this thread
 * could release: it commits the others first.
 */
const openInProcess = new Set<{ commitNow(): void }>();

export class GroupCommit<T> {
  private open?: OpenGroup<T>;
  private readonly begin: Database.Statement;
  private readonly end: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    /** Told of the items of each committed group, before any write of it resolves. */
    private readonly onCommit: (items: T[]) => void,
  ) {
    // IMMEDIATE: the write lock now, so a second process on the file waits here (busy_timeout), not at COMMIT.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.end = db.prepare('COMMIT');
  }

  /** This turn's group, begun by the first write of the turn. */
  join(): CommitGroup<T> {
    if (this.open) return this.open;
    for (const other of openInProcess) other.commitNow();
    this.begin.run();
    openInProcess.add(this);
    let settle!: (error?: unknown) => void;
    const committed = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    // A turn whose writes all threw has no one waiting: its failed commit must not go unhandled.
    committed.catch(() => undefined);
    const group: OpenGroup<T> = { items: [], committed, settle };
    this.open = group;
    setImmediate(() => this.commit(group));
    return group;
  }

  /** Settles once what this turn wrote so far is committed (at once when nothing is open). */
  settled(): Promise<void> {
    return this.open?.committed ?? Promise.resolve();
  }

  /** Commits the open group at once (before the database is closed). */
  commitNow(): void {
    if (this.open) this.commit(this.open);
  }

  private commit(group: OpenGroup<T>): void {
    if (this.open !== group) return;
    this.open = undefined;
    openInProcess.delete(this);
    try {
      this.end.run();
    } catch (error) {
      if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
      return group.settle(error);
    }
    try {
      this.onCommit(group.items);
    } finally {
      group.settle();
    }
  }
}
