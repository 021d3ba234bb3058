// The fleet benchmark's world on a server: the targets with their tokens, a Placement over all,
// and the Deployment that then reaches every agent.
import { ok } from './feed-client.js';
import type { AgentSpec } from './fleet-agents.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const name = (i: number) => `edge-${String(i).padStart(5, '0')}`;

export const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'fleet-web', namespace: 'bench', labels: { app: 'fleet-web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'fleet-web' } },
    template: {
      metadata: { labels: { app: 'fleet-web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
};

/**
 * The targets, a token each (as the API tests make them: POST the target, POST its tokens), and a
 * Placement over all.
 */
export async function prepare(port: number, agents: number, admin: string): Promise<AgentSpec[]> {
  const specs: AgentSpec[] = [];
  for (let batch = 0; batch < agents; batch += 50) {
    const names = Array.from({ length: Math.min(50, agents - batch) }, (_, i) => name(batch + i));
    specs.push(
      ...(await Promise.all(
        names.map(async (n) => {
          await ok(port, 'POST', ST, admin, { metadata: { name: n, labels: { bench: 'fleet' } } });
          return { name: n, token: (await ok(port, 'POST', `${ST}/${n}/tokens`, admin)).token as string };
        }),
      )),
    );
  }
  await ok(port, 'POST', '/apis/scheduling.kcp.io/v1alpha1/namespaces/bench/placements', admin, {
    metadata: { name: 'everywhere' },
    spec: { syncTargetSelector: { matchLabels: { bench: 'fleet' } } },
  });
  return specs;
}
