// When a written object starts to bind what comes after it. For most kinds that is once it is
// written. A ResourceQuota binds nothing until the cluster enforces it (its health rule says when,
// lib/health): a pod made before that is neither refused nor counted, and the quota controller's
// first count may miss it until its next full resync, minutes later. The workloads a quota bounds
// (a later rank) therefore wait for that, but only so long: a cluster that runs no quota
// controller must not hold them for ever.
import type { Logger } from 'pino';
import { interpretHealth } from '../../lib/health/index.js';
import type { KubeObject } from '../../schemas/meta.js';
import { splitKey } from '../types.js';

export const IN_FORCE_WAIT_MS = 15_000;

/** The kinds whose objects bind what comes after them only once their health says so. */
const ENFORCED_KINDS = new Set(['ResourceQuota']);

/** Whether the object under `key` binds what its dependents do (see above). */
export function inForce(key: string, object: KubeObject): boolean {
  return !ENFORCED_KINDS.has(splitKey(key).groupKind) || interpretHealth(object).state !== 'Progressing';
}

export class InForceWaits {
  /** By key: the desired hash whose object is awaited, and since when. */
  private readonly waits = new Map<string, { hash: string; since: number; gaveUp: boolean }>();

  constructor(
    private readonly log: Logger,
    private readonly maxWaitMs = IN_FORCE_WAIT_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** How much longer what depends on `key` (at `hash`) should wait for `object`: 0 once it is in force, or waited out. */
  remaining(key: string, hash: string, object: KubeObject): number {
    if (inForce(key, object)) {
      this.waits.delete(key);
      return 0;
    }
    let wait = this.waits.get(key);
    if (wait?.hash !== hash) {
      wait = { hash, since: this.now(), gaveUp: false };
      this.waits.set(key, wait);
    }
    const left = wait.since + this.maxWaitMs - this.now();
    if (left > 0) return left;
    if (!wait.gaveUp) {
      wait.gaveUp = true;
      const message = 'the cluster has not put this object in force: applying what depends on it anyway';
      this.log.warn({ event: 'in-force-wait-over', key, waitedMs: this.maxWaitMs }, message);
    }
    return 0;
  }

  forget(key: string): void {
    this.waits.delete(key);
  }
}
