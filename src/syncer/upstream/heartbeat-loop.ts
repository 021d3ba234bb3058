// The heartbeat loop: right away, then at the interval each answer names, with what the agent
// knows of its cluster. A downstream cluster it cannot read still gets a heartbeat (the agent
// is alive, and says DownstreamReachable=False); a failed heartbeat is retried with back-off.
import type { Logger } from 'pino';
import { Backoff, jittered, sleep } from '../backoff.js';
import type { CapacityReport } from '../downstream/capacity-report.js';
import { readKubernetesVersion } from '../downstream/cluster-info.js';
import type { KubeClient } from '../downstream/kube-client.js';
import type { ServedResources } from '../downstream/served-resources.js';
import type { HeartbeatBody, Upstream } from './upstream-client.js';

export interface HeartbeatDeps {
  upstream: Upstream;
  downstream: KubeClient;
  syncerVersion: string;
  log: Logger;
  /** The API resources the cluster serves; absent: not reported. */
  served?: ServedResources;
  /** The nodes' capacity and the free pods, sent when they change. */
  capacity: CapacityReport;
}

export async function heartbeatBody(deps: HeartbeatDeps, signal: AbortSignal): Promise<HeartbeatBody> {
  const authorized = {
    type: 'SyncerAuthorized',
    status: 'True' as const,
    reason: 'PermissionsChecked',
    message: 'the downstream permissions were checked at start',
  };
  let kubernetesVersion: string;
  try {
    kubernetesVersion = await readKubernetesVersion(deps.downstream, signal);
  } catch (error) {
    deps.log.warn(
      { event: 'downstream-unreachable', err: (error as Error).message },
      'heartbeat without cluster details',
    );
    const message = (error as Error).message.slice(0, 1000);
    return {
      syncerVersion: deps.syncerVersion,
      conditions: [authorized, { type: 'DownstreamReachable', status: 'False', reason: 'RequestFailed', message }],
    };
  }
  // A capacity read that fails (as discovery) leaves it out: the control plane keeps what it last got.
  const capacity = await deps.capacity.report(signal).catch((error: Error) => {
    deps.log.warn({ event: 'capacity-unread', err: error.message }, 'heartbeat without capacity');
    return {};
  });
  // Discovery that fails leaves the list out: the control plane keeps what it last got.
  const served = await deps.served?.report(signal).catch((error: Error) => {
    deps.log.warn({ event: 'discovery-failed', err: error.message }, 'heartbeat without API resources');
    return undefined;
  });
  return {
    syncerVersion: deps.syncerVersion,
    kubernetesVersion,
    ...capacity,
    ...served,
    conditions: [authorized, { type: 'DownstreamReachable', status: 'True', reason: 'VersionRead' }],
  };
}

export async function runHeartbeats(deps: HeartbeatDeps, signal: AbortSignal): Promise<void> {
  // Retries come faster than the usual interval, so a short outage costs little readiness.
  const backoff = new Backoff({ baseMs: 1_000, maxMs: 15_000, jitter: 0.2 });
  while (!signal.aborted) {
    let wait: number;
    try {
      const body = await heartbeatBody(deps, signal);
      const intervalSeconds = await deps.upstream.heartbeat(body, signal);
      if (deps.served && body.apiResources) deps.served.acked = body.apiResourcesHash;
      deps.capacity.ack(body);
      if (backoff.attempts > 0)
        deps.log.info({ event: 'heartbeat-recovered', failures: backoff.attempts }, 'heartbeats go through again');
      backoff.reset();
      // Clamped: a wild interval from a confused server must neither spin nor silence the agent.
      wait = jittered(Math.min(Math.max(intervalSeconds, 1), 300) * 1000, 0.1);
    } catch (error) {
      if (signal.aborted) break;
      wait = backoff.next();
      deps.log.warn(
        { event: 'heartbeat-failed', failures: backoff.attempts, retryInMs: wait, err: (error as Error).message },
        'heartbeat failed',
      );
    }
    await sleep(wait, signal);
  }
}
