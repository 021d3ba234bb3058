// Small builders for the Store contract tests.
import type { KubeObject } from '../../src/schemas/meta.js';
import { StoreError, type StoreErrorCode } from '../../src/store/types.js';

interface ObjectOptions {
  kind?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
}

export function object(name: string, options: ObjectOptions = {}): KubeObject {
  const kind = options.kind ?? 'SyncTarget';
  return {
    apiVersion: kind === 'SyncTarget' ? 'workload.kcp.io/v1alpha1' : 'apps/v1',
    kind,
    metadata: {
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      uid: options.uid ?? `uid-${name}`,
      ...(options.labels ? { labels: options.labels } : {}),
    },
    spec: {},
  };
}

/** The StoreError code a call fails with ('resolved' when it does not fail); anything else is rethrown. */
export async function storeCode(call: Promise<unknown>): Promise<StoreErrorCode | 'resolved'> {
  try {
    await call;
    return 'resolved';
  } catch (error) {
    if (error instanceof StoreError) return error.code;
    throw error;
  }
}
