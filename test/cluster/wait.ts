// Waiting for the cluster to become usable.
//
// Every wait also watches the cluster's processes: if a component dies, waiting on fails at
// once with the tail of its log instead of running into a timeout that explains nothing.
import { setTimeout as sleep } from 'node:timers/promises';
import type * as k8s from '@kubernetes/client-node';
import type { ApiClient } from './api.js';
import { isAlive, tailOfLog, type ProcessRecord } from './processes.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Processes that must stay alive while waiting. */
  processes: ProcessRecord[];
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  { timeoutMs, intervalMs = 250, processes }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const dead = processes.find((p) => !isAlive(p));
    if (dead) {
      throw new Error(`${dead.name} exited while waiting for ${what}; log ${dead.log}:\n${tailOfLog(dead)}`);
    }
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** GET /readyz; true once every readiness check of the apiserver passes. */
export async function apiserverReady(api: ApiClient): Promise<boolean> {
  return (await api.get<string>('/readyz')) === 'ok';
}

/** GET http://127.0.0.1:<port>/health on etcd's client port; true when etcd says healthy. */
export async function etcdHealthy(clientPort: number): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${clientPort}/health`, { signal: AbortSignal.timeout(2_000) });
  const body = (await res.json()) as { health?: string };
  return res.ok && body.health === 'true';
}

const isReady = (node: k8s.V1Node): boolean =>
  node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * True when the named nodes are Ready and carry no taints. The node lifecycle controller
 * removes its not-ready taint a few seconds after Ready; waiting for that too means the
 * first pod of a test is scheduled at once instead of after a scheduler back-off.
 */
export async function nodesReady(api: ApiClient, names: string[]): Promise<boolean> {
  const list = await api.get<k8s.V1NodeList>('/api/v1/nodes');
  return names.every((name) => {
    const node = list.items.find((n) => n.metadata?.name === name);
    return node !== undefined && isReady(node) && (node.spec?.taints ?? []).length === 0;
  });
}

/**
 * Pods are rejected by the ServiceAccount admission plugin until kube-controller-manager has
 * created the namespace's `default` service account, so the cluster is not usable before.
 */
export async function defaultServiceAccountExists(api: ApiClient): Promise<boolean> {
  await api.get('/api/v1/namespaces/default/serviceaccounts/default');
  return true;
}
