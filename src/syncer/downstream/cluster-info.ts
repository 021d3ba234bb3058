// What the heartbeat tells the control plane about the downstream cluster: its Kubernetes
// version, its nodes' capacity and allocatable resources, summed, and the pods it can still take
// (allocatable pods less the pods not finished), which Divided byCapacity placements weigh by.
import type { KubeClient } from './kube-client.js';
import { parseQuantity, sumResources } from '../../lib/quantity.js';
import type { KubeList } from '../types.js';

export interface ClusterCapacity {
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  freePods?: number;
}

interface NodeStatus {
  status?: { capacity?: Record<string, string>; allocatable?: Record<string, string> };
}

/** Every item of a list, paged, so a cluster with thousands of nodes or pods is never one huge answer. */
async function listAll<T>(
  client: Pick<KubeClient, 'call'>,
  path: string,
  query: Record<string, string>,
  signal?: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  do {
    const page = await client.call<KubeList<T>>('GET', path, {
      query: { ...query, limit: 500, continue: next },
      signal,
    });
    items.push(...page.items);
    next = page.metadata?.continue || undefined;
  } while (next);
  return items;
}

/** The cluster's version; a failure here means the cluster cannot be reached. */
export async function readKubernetesVersion(client: Pick<KubeClient, 'call'>, signal?: AbortSignal): Promise<string> {
  const version = await client.call<{ gitVersion?: string }>('GET', '/version', { signal });
  return version.gitVersion ?? 'unknown';
}

/** Whole pods in an allocatable `pods` quantity; undefined when there is none. */
export function podsOf(quantity: string | undefined): number | undefined {
  const parsed = quantity === undefined ? undefined : parseQuantity(quantity);
  return parsed ? Number(parsed.nano / 10n ** 9n) : undefined;
}

export async function readCapacity(client: Pick<KubeClient, 'call'>, signal?: AbortSignal): Promise<ClusterCapacity> {
  const nodes = await listAll<NodeStatus>(client, '/api/v1/nodes', {}, signal);
  const allocatable = sumResources(nodes.map((n) => n.status?.allocatable));
  // Pods that hold a slot: every phase but the finished ones, as the kube-scheduler counts them.
  const pods = await listAll<unknown>(
    client,
    '/api/v1/pods',
    { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
    signal,
  );
  const allocatablePods = podsOf(allocatable.pods);
  return {
    capacity: sumResources(nodes.map((n) => n.status?.capacity)),
    allocatable,
    ...(allocatablePods === undefined ? {} : { freePods: Math.max(0, allocatablePods - pods.length) }),
  };
}
