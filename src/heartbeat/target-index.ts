// Every SyncTarget in memory, from an informer (listed once, then kept current from the change
// feed), seen as the summaries the heartbeat path needs. The token check, the heartbeat route
// and the monitor read it instead of the store, so a heartbeat costs no store read.
import type { KubeObject } from '../schemas/meta.js';
import { SYNC_TARGET_KIND, type SyncTargetStatus } from '../schemas/synctarget.js';
import { Informer } from '../scheduling/informer.js';
import type { Change, Store } from '../store/types.js';

export interface TargetSummary {
  name: string;
  uid: string;
  status: SyncTargetStatus;
  /** status.lastSyncerHeartbeatTime as stored in the object, in ms. */
  storedHeartbeat?: number;
}

export type TargetListener = (change: Change) => void;

export const heartbeatTimeOf = (status: SyncTargetStatus): number | undefined =>
  status.lastSyncerHeartbeatTime ? Date.parse(status.lastSyncerHeartbeatTime) : undefined;

function summarize(object: KubeObject): TargetSummary {
  const status = (object.status ?? {}) as SyncTargetStatus;
  const time = heartbeatTimeOf(status);
  return { name: object.metadata.name ?? '', uid: object.metadata.uid ?? '', status, ...(time === undefined ? {} : { storedHeartbeat: time }) };
}

export class SyncTargetIndex {
  private readonly informer: Informer;
  // The informer replaces an object on every change, so a summary stays valid while its object is cached.
  private readonly summaries = new WeakMap<KubeObject, TargetSummary>();
  private readonly listeners = new Set<TargetListener>();

  constructor(store: Store) {
    this.informer = new Informer(store, [SYNC_TARGET_KIND], (change) => {
      for (const listener of this.listeners) listener(change);
    });
  }

  start(): Promise<void> {
    return this.informer.start();
  }

  stop(): void {
    this.informer.stop();
  }

  get(name: string): TargetSummary | undefined {
    const object = this.informer.get(SYNC_TARGET_KIND, name);
    return object && this.summaryOf(object);
  }

  *values(): IterableIterator<TargetSummary> {
    for (const object of this.informer.list(SYNC_TARGET_KIND)) yield this.summaryOf(object);
  }

  /** Called after the index has taken in each SyncTarget change. */
  onChange(listener: TargetListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private summaryOf(object: KubeObject): TargetSummary {
    let summary = this.summaries.get(object);
    if (!summary) {
      summary = summarize(object);
      this.summaries.set(object, summary);
    }
    return summary;
  }
}
