// The latest heartbeat time of each SyncTarget, in memory. Heartbeats that change nothing else
// only move a time here; the dirty ones are written to the store in batches.
import type { HeartbeatRecord } from '../store/types.js';

interface Beat {
  uid: string;
  time: number;
}

export class HeartbeatClock {
  private readonly beats = new Map<string, Beat>();
  private readonly dirty = new Set<string>();

  /** A heartbeat received here: newer than the stored time until flushed. */
  record(name: string, uid: string, time: number): void {
    if (this.advance(name, uid, time)) this.dirty.add(name);
  }

  /** A time read from the store (flushed by this or another replica): nothing to write back. */
  observe(name: string, uid: string, time: number): void {
    if (this.advance(name, uid, time)) this.dirty.delete(name);
  }

  /** The latest time known for this incarnation of the target. */
  latest(name: string, uid: string): number | undefined {
    const beat = this.beats.get(name);
    return beat?.uid === uid ? beat.time : undefined;
  }

  forget(name: string): void {
    this.beats.delete(name);
    this.dirty.delete(name);
  }

  get pending(): number {
    return this.dirty.size;
  }

  /** The dirty times; they stay dirty until markFlushed, so a failed write is retried. */
  takeDirty(): HeartbeatRecord[] {
    return [...this.dirty].map((name) => ({ name, ...this.beats.get(name)! }));
  }

  /** Clears what was written, unless a newer heartbeat came in while the write was under way. */
  markFlushed(records: HeartbeatRecord[]): void {
    for (const record of records) {
      const beat = this.beats.get(record.name);
      if (beat?.uid === record.uid && beat.time === record.time) this.dirty.delete(record.name);
    }
  }

  private advance(name: string, uid: string, time: number): boolean {
    const beat = this.beats.get(name);
    if (beat?.uid === uid) {
      if (beat.time >= time) return false;
      // In place: a new object per heartbeat would live just long enough to be promoted.
      beat.time = time;
    } else {
      this.beats.set(name, { uid, time });
    }
    return true;
  }
}
