// The agents of the feed and watch benchmarks: SyncTargets with agent tokens, Ready after a first
// heartbeat and kept so, and one Placement of namespace "bench" over all of them.
import { call, ok } from './feed-client.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
export const targetName = (i: number) => `edge-${String(i).padStart(4, '0')}`;
export const feedPath = (i: number) => `${ST}/${targetName(i)}/deployments`;

/** Targets labelled for the bench, a token each, a first heartbeat (Ready), and one Placement over all of them. */
export async function prepare(port: number, admin: string, agents: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let batch = 0; batch < agents; batch += 25) {
    const names = Array.from({ length: Math.min(25, agents - batch) }, (_, i) => targetName(batch + i));
    tokens.push(
      ...(await Promise.all(
        names.map(async (name) => {
          await ok(port, 'POST', ST, admin, { metadata: { name, labels: { bench: 'feed' } } });
          const { token } = await ok(port, 'POST', `${ST}/${name}/tokens`, admin);
          await ok(port, 'POST', `${ST}/${name}/heartbeat`, token, {});
          return token as string;
        }),
      )),
    );
  }
  await ok(port, 'POST', '/apis/scheduling.kcp.io/v1alpha1/namespaces/bench/placements', admin, {
    metadata: { name: 'everywhere' },
    spec: { syncTargetSelector: { matchLabels: { bench: 'feed' } } },
  });
  return tokens;
}

/** Each agent heartbeats every 20 s (spread out), so no target times out during the run. */
export function heartbeatForever(port: number, tokens: string[]): () => void {
  let next = 0;
  const perTick = Math.max(1, Math.round(tokens.length / 200));
  const timer = setInterval(() => {
    for (let k = 0; k < perTick; k++, next = (next + 1) % tokens.length) {
      call(port, 'POST', `${ST}/${targetName(next)}/heartbeat`, tokens[next], {}).catch(() => undefined);
    }
  }, 100);
  return () => clearInterval(timer);
}
