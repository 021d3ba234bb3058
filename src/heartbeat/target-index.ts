// Every SyncTarget in memory, from the shared SyncTarget informer (listed once, then kept
// current from the change feed), seen as the summaries the heartbeat path needs. The token
// check, the heartbeat route and the monitor read it instead of the store, so a heartbeat costs
// no store read.
import type { KubeObject } from '../schemas/meta.js';
import { SYNC_TARGET_KIND, type SyncTargetStatus } from '../schemas/synctarget.js';
import type { Informer } from '../runtime/informer.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import type { Change } from '../store/types.js';

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
  return {
    name: object.metadata.name ?? '',
    uid: object.metadata.uid ?? '',
    status,
    ...(time === undefined ? {} : { storedHeartbeat: time }),
  };
}

export class SyncTargetIndex {
  private readonly informer: Informer;
  // The informer replaces an object on every change, so a summary stays valid while its object is cached.
  private readonly summaries = new WeakMap<KubeObject, TargetSummary>();

  constructor(informers: SharedInformers) {
    this.informer = informers.informer(SYNC_TARGET_KIND);
  }

  /** Resolves once the SyncTargets are listed (the app starts the informers). */
  start(): Promise<void> {
    return this.informer.synced();
  }

  get(name: string): TargetSummary | undefined {
    const object = this.informer.get(name);
    return object && this.summaryOf(object);
  }

  *values(): IterableIterator<TargetSummary> {
    for (const object of this.informer.list()) yield this.summaryOf(object);
  }

  /** Called after the index has taken in each SyncTarget change (not for the targets already there). */
  onChange(listener: TargetListener): () => void {
    return this.informer.addHandler((change, _previous, initial) => {
      if (!initial) listener(change);
    });
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
