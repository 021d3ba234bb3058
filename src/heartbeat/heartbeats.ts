// The heartbeat path. A heartbeat that changes neither a condition nor what the agent reports
// only moves a time in memory (flushed in batches); anything else is written at once, so a
// target turns Ready the moment its agent speaks. Works the same on every replica.
import { merged } from '../lib/plain-objects.js';
import { setImmediate as turn } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { jsonEqual } from '../lib/merge-patch.js';
import { CONTROLLER_CONDITION_TYPES, type HeartbeatRequest, SERVER_CONDITION_TYPES } from '../schemas/agent.js';
import type { KubeObject } from '../schemas/meta.js';
import type { SyncTargetStatus } from '../schemas/synctarget.js';
import type { Store } from '../store/types.js';
import { withReadyTransition } from './condition-history.js';
import { HeartbeatClock } from './heartbeat-clock.js';
import { healthMismatch, healthOf, mergeConditions } from './health.js';
import { updateTargetStatus } from './status-writer.js';
import { type SyncTargetIndex, type TargetSummary, heartbeatTimeOf } from './target-index.js';

export type HeartbeatOutcome = 'coalesced' | 'persisted';
type Outcome = HeartbeatOutcome | undefined;

const REPORTED_FIELDS = [
  'syncerVersion',
  'kubernetesVersion',
  'capacity',
  'allocatable',
  'apiResources',
  'apiResourcesHash',
  'freePods',
] as const;
/**
 * How many targets' times one flush writes at a time (see flushOnce). Each is checked against the
 * stored incarnation: at 10,000 agents a slice of 500 held the event loop for 50-100 ms.
 */
export const FLUSH_SLICE = 100;
const iso = (ms: number): string => new Date(ms).toISOString();
const later = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** Whether the report says anything the stored status does not already say. */
function changesStatus(status: SyncTargetStatus, report: HeartbeatRequest): boolean {
  if (REPORTED_FIELDS.some((field) => report[field] !== undefined && !jsonEqual(report[field], status[field])))
    return true;
  if (report.conditions === undefined) return false;
  const stored = (status.conditions ?? [])
    .filter((c) => !SERVER_CONDITION_TYPES.includes(c.type) && !CONTROLLER_CONDITION_TYPES.includes(c.type))
    .map(({ lastTransitionTime: _time, ...rest }) => rest);
  return !jsonEqual(stored, report.conditions);
}

export class Heartbeats {
  readonly clock = new HeartbeatClock();
  /**
   * By stored status: the report last found to change nothing in it. Agents send the same report
   * every time (callers that keep the report object of a repeated body pass it again), and the
   * index replaces a status object whenever it changes, so a hit skips the comparison.
   */
  private readonly unchangedBy = new WeakMap<SyncTargetStatus, HeartbeatRequest>();
  private flushing: Promise<void> = Promise.resolve();
  /**
   * By name: the incarnations this server last wrote as not Ready. The index learns of that write
   * through its informer, a moment later; a heartbeat in that moment must still turn them Ready.
   */
  private readonly wroteNotReady = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly index: SyncTargetIndex,
    readonly thresholdMs: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Handles one heartbeat; undefined when no such target exists, or, given `uid` (an agent's: the
   * incarnation its token was issued for), when the target is another incarnation now. Synchronous
   * when it only moves the time (nearly every heartbeat), so the hot path pays for no promise.
   */
  receive(name: string, report: HeartbeatRequest, uid?: string): Outcome | Promise<Outcome> {
    const target = this.index.get(name);
    if (!target || (uid !== undefined && target.uid !== uid)) return undefined;
    const now = Date.now();
    this.clock.record(name, target.uid, now);
    const notReadyWritten = this.wroteNotReady.get(name) === target.uid;
    // Recorded only for a status that said Ready (below), and a status object never changes: no need to look again.
    if (!notReadyWritten && this.unchangedBy.get(target.status) === report) return 'coalesced';
    const wasReady = !notReadyWritten && !healthMismatch(target.status.conditions, 'HeartbeatHealthy');
    if (wasReady && !changesStatus(target.status, report)) {
      this.unchangedBy.set(target.status, report);
      return 'coalesced';
    }
    return this.persist(name, target.uid, report, now, wasReady);
  }

  private async persist(
    name: string,
    uid: string,
    report: HeartbeatRequest,
    now: number,
    wasReady: boolean,
  ): Promise<HeartbeatOutcome | undefined> {
    const stored = await this.writeStatus(name, uid, report);
    if (!stored) return undefined;
    if (!wasReady) this.log.info({ syncTarget: name }, 'heartbeat: SyncTarget is Ready');
    // The object now holds this time: nothing left to flush for it.
    this.clock.markFlushed([{ name, uid, time: now }]);
    return 'persisted';
  }

  /** The latest heartbeat of a target: in memory, or as stored in the object. */
  lastHeartbeat(target: TargetSummary): number | undefined {
    return later(this.clock.latest(target.name, target.uid), target.storedHeartbeat);
  }

  /**
   * Writes the conditions that the latest heartbeat implies now, plus a report when given.
   * Resolves with the stored object (unchanged when nothing was due), or undefined when gone.
   */
  async writeStatus(name: string, uid: string, report?: HeartbeatRequest): Promise<KubeObject | undefined> {
    let ready: boolean | undefined;
    const stored = await updateTargetStatus(this.store, name, uid, (status) => {
      const last = later(this.clock.latest(name, uid), heartbeatTimeOf(status));
      const now = Date.now();
      const health = healthOf(last, now, this.thresholdMs);
      ready = health === 'HeartbeatHealthy';
      if (!report && !healthMismatch(status.conditions, health)) return undefined;
      const { conditions: reported, ...fields } = report ?? {};
      const conditions = mergeConditions(status.conditions, health, this.thresholdMs, iso(now), reported);
      const conditionHistory = withReadyTransition(status.conditionHistory, status.conditions, conditions, iso(now));
      // Not a spread: see lib/plain-objects.ts (a status per target).
      return merged<SyncTargetStatus>(
        status,
        fields,
        last === undefined ? undefined : { lastSyncerHeartbeatTime: iso(last) },
        { conditions },
        conditionHistory && { conditionHistory },
      );
    });
    if (!stored || ready) this.wroteNotReady.delete(name);
    else if (ready === false) this.wroteNotReady.set(name, uid);
    return stored;
  }

  /** Reads times other replicas flushed for these targets into memory. */
  async refresh(names?: string[]): Promise<void> {
    for (const beat of await this.store.readHeartbeats(names)) this.clock.observe(beat.name, beat.uid, beat.time);
  }

  /** Shows the latest heartbeat time in objects about to be sent to a client. */
  async overlay(objects: KubeObject[]): Promise<void> {
    if (objects.length === 0) return;
    await this.refresh(objects.map((o) => o.metadata.name ?? ''));
    for (const object of objects) {
      const latest = this.clock.latest(object.metadata.name ?? '', object.metadata.uid ?? '');
      const status = (object.status ?? {}) as SyncTargetStatus;
      const stored = heartbeatTimeOf(status);
      if (latest !== undefined && (stored === undefined || latest > stored)) {
        object.status = { ...status, lastSyncerHeartbeatTime: iso(latest) };
      }
    }
  }

  /** Writes the times received since the last flush in one batch; one flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.flushOnce())
      .catch((error: unknown) => {
        this.log.error({ err: error }, 'could not write heartbeat times; they stay in memory and are retried');
      });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const beats = this.clock.takeDirty();
    if (beats.length === 0) return;
    let written = 0;
    // A slice per write, with a return to the event loop between: a fleet's thousands of times
    // in one synchronous SQLite transaction would hold up every request for about 100 ms.
    for (let from = 0; from < beats.length; from += FLUSH_SLICE) {
      if (from > 0) await turn();
      const plain = [];
      for (const beat of beats.slice(from, from + FLUSH_SLICE)) {
        const target = this.index.get(beat.name);
        if (!target || target.uid !== beat.uid) this.clock.forget(beat.name);
        // Not Ready as stored (another replica's monitor timed it out): the conditions must change too.
        else if (healthMismatch(target.status.conditions, 'HeartbeatHealthy'))
          await this.writeStatus(beat.name, beat.uid);
        else plain.push(beat);
      }
      await this.store.recordHeartbeats(plain);
      written += plain.length;
    }
    // Only once all are written: after a failed slice, every time of this flush is retried.
    this.clock.markFlushed(beats);
    this.log.debug({ heartbeats: written }, 'flushed heartbeat times');
  }
}
