// Reading a downstream object's status without trusting its shape: the interpreter sees
// whatever the cluster sends, from any Kubernetes version.
import type { Health } from '../../schemas/health.js';

export interface ObservedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { generation?: number; deletionTimestamp?: string };
  spec?: unknown;
  status?: unknown;
}

export const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** A count from status or spec; absent or malformed reads as `fallback`. */
export const count = (value: unknown, fallback = 0): number =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : fallback;

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export function condition(status: Record<string, unknown>, type: string): Record<string, unknown> | undefined {
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  return conditions.map(record).find((c) => c.type === type);
}

const verdict =
  (state: Health['state']) =>
  (reason: string, message?: string): Health => ({ state, reason, ...(message ? { message } : {}) });

export const healthy = verdict('Healthy');
export const progressing = verdict('Progressing');
export const degraded = verdict('Degraded');

/**
 * The controller has not yet seen the latest spec: its status describes an older one. Kinds
 * whose controllers write status.observedGeneration say so through it.
 */
export function notObserved(object: ObservedObject): Health | undefined {
  const generation = object.metadata?.generation;
  const observed = record(object.status).observedGeneration;
  if (generation === undefined) return undefined;
  if (typeof observed !== 'number' || observed < generation) {
    return progressing('NotObserved', `the controller has not observed generation ${generation} yet`);
  }
  return undefined;
}
