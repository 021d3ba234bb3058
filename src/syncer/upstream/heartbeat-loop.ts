// The heartbeat loop: right away, then at the interval each answer names, with what the agent
// knows of its cluster. A downstream cluster it cannot read still gets a heartbeat (the agent
// is alive, and says DownstreamReachable=False); a failed heartbeat is retried with back-off.
import type { Logger } from 'pino';
import { Backoff, jittered, sleep } from '../backoff.js';
import { type ClusterInfo, readClusterInfo } from '../downstream/cluster-info.js';
import type { KubeClient } from '../downstream/kube-client.js';
import type { HeartbeatBody, Upstream } from './upstream-client.js';

export interface HeartbeatDeps {
  upstream: Upstream;
  downstream: KubeClient;
  syncerVersion: string;
  log: Logger;
}

export async function heartbeatBody(deps: HeartbeatDeps, signal: AbortSignal): Promise<HeartbeatBody> {
  const authorized = {
    type: 'SyncerAuthorized',
    status: 'True' as const,
    reason: 'PermissionsChecked',
    message: 'the downstream permissions were checked at start',
  };
  let info: ClusterInfo;
  try {
    info = await readClusterInfo(deps.downstream, signal);
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
  return {
    syncerVersion: deps.syncerVersion,
    ...info,
    conditions: [authorized, { type: 'DownstreamReachable', status: 'True', reason: 'VersionRead' }],
  };
}

export async function runHeartbeats(deps: HeartbeatDeps, signal: AbortSignal): Promise<void> {
  // Retries come faster than the usual interval, so a short outage costs little readiness.
  const backoff = new Backoff({ baseMs: 1_000, maxMs: 15_000, jitter: 0.2 });
  while (!signal.aborted) {
    let wait: number;
    try {
      const intervalSeconds = await deps.upstream.heartbeat(await heartbeatBody(deps, signal), signal);
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
