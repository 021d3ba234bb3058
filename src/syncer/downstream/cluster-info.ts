// What the heartbeat tells the control plane about the downstream cluster: its Kubernetes
// version and its nodes' capacity and allocatable resources, summed.
import type { KubeClient } from './kube-client.js';
import { sumResources } from './quantity.js';
import type { KubeList } from '../types.js';

export interface ClusterInfo {
  kubernetesVersion: string;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
}

interface NodeStatus {
  status?: { capacity?: Record<string, string>; allocatable?: Record<string, string> };
}

export async function readClusterInfo(client: KubeClient, signal?: AbortSignal): Promise<ClusterInfo> {
  const version = await client.call<{ gitVersion?: string }>('GET', '/version', { signal });
  const nodes: NodeStatus[] = [];
  // Paged, so a cluster with thousands of nodes is never one huge answer.
  let next: string | undefined;
  do {
    const page = await client.call<KubeList<NodeStatus>>('GET', '/api/v1/nodes', {
      query: { limit: 500, continue: next },
      signal,
    });
    nodes.push(...page.items);
    next = page.metadata?.continue || undefined;
  } while (next);
  return {
    kubernetesVersion: version.gitVersion ?? 'unknown',
    capacity: sumResources(nodes.map((n) => n.status?.capacity)),
    allocatable: sumResources(nodes.map((n) => n.status?.allocatable)),
  };
}
