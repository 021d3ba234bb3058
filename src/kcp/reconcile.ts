// One reconcile of one SyncTarget name: compares the record (or its absence) with the object kcp
// holds and writes only what differs. Labels and spec go through the object, status through the
// status subresource. Only objects carrying the mirror's managed-by label are ever changed or
// deleted; a name taken by any other object is reported, never touched.
import type { FastifyBaseLogger } from 'fastify';
import type { KubeObject } from '../schemas/meta.js';
import type { KcpClient, KcpObject } from './client.js';
import { desiredOf, isOurs, newObject, statusChange, updatedObject, withStatus } from './desired.js';
import { NotOwnedError } from './errors.js';
import type { HeartbeatBudget } from './heartbeat-budget.js';
import type { MirrorMetrics } from './metrics.js';

export interface ReconcileContext {
  client: KcpClient;
  record(name: string): KubeObject | undefined;
  /** The newest heartbeat time of this incarnation known in memory (not yet flushed to the record). */
  latestHeartbeat(name: string, uid: string): number | undefined;
  /** kcp's objects as last seen: null when known to be absent, missing when unknown. */
  observed: Map<string, KcpObject | null>;
  budget: HeartbeatBudget;
  metrics: MirrorMetrics;
  log: FastifyBaseLogger;
}

export interface ReconcileResult {
  /** Look at this name again after so many ms: a heartbeat time is held back, or may move. */
  revisitInMs?: number;
}

async function observe(ctx: ReconcileContext, name: string): Promise<KcpObject | undefined> {
  if (!ctx.observed.has(name)) ctx.observed.set(name, (await ctx.client.get(name)) ?? null);
  return ctx.observed.get(name) ?? undefined;
}

const heartbeating = (record: KubeObject): boolean =>
  ((record.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

async function removeOrphan(ctx: ReconcileContext, name: string, observed: KcpObject | undefined): Promise<void> {
  ctx.budget.forget(name);
  if (!observed || !isOurs(observed)) return;
  const { uid, resourceVersion } = observed.metadata;
  await ctx.client.delete(name, { uid, resourceVersion });
  ctx.observed.set(name, null);
  ctx.metrics.writes.inc({ op: 'delete' });
  ctx.log.info({ syncTarget: name }, 'kcp mirror: deleted the kcp object of a deleted SyncTarget');
}

export async function reconcileTarget(ctx: ReconcileContext, name: string): Promise<ReconcileResult> {
  const record = ctx.record(name);
  let current = await observe(ctx, name);
  if (!record) {
    await removeOrphan(ctx, name, current);
    return {};
  }
  if (current && !isOurs(current)) throw new NotOwnedError(name);
  const desired = desiredOf(record, ctx.latestHeartbeat(name, record.metadata.uid ?? ''));
  if (!current) {
    current = await ctx.client.create(newObject(name, desired));
    ctx.observed.set(name, current);
    ctx.metrics.writes.inc({ op: 'create' });
    ctx.log.info({ syncTarget: name }, 'kcp mirror: created the kcp object');
  } else {
    const updated = updatedObject(current, desired);
    if (updated) {
      current = await ctx.client.replace(updated);
      ctx.observed.set(name, current);
      ctx.metrics.writes.inc({ op: 'update' });
    }
  }
  const change = statusChange(current, desired);
  const wait = change === 'heartbeat' ? ctx.budget.wait(name) : 0;
  if (change === 'other' || (change === 'heartbeat' && wait === 0)) {
    current = await ctx.client.replaceStatus(withStatus(current, desired));
    ctx.observed.set(name, current);
    ctx.budget.wrote(name);
    ctx.metrics.writes.inc({ op: 'status' });
  }
  if (change === 'heartbeat' && wait > 0) return { revisitInMs: wait };
  if (!heartbeating(record)) return {};
  // Heartbeats that change nothing else reach no record, so no change event: a Ready target's
  // time is looked at again when the budget next allows a write (once an interval at most).
  const next = ctx.budget.wait(name);
  return { revisitInMs: next > 0 ? next : ctx.budget.intervalMs };
}
