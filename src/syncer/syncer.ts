// `tmc syncer`: the agent for one sync target. Loops, all stopped by one signal:
// - heartbeat: tells the control plane the agent is alive and what the cluster holds;
// - feed: long-polls the Deployments placed here into the desired state;
// - owned watch: sees every change to the agent's Deployments downstream;
// - a work queue reconciling one Deployment at a time per key (apply, drift, prune), fed by
//   the feed and the watch, plus a periodic full re-apply as the safety net;
// - status reports of what the watch sees.
// Stopping ends the loops and waits for the writes in flight; it deletes or changes nothing.
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { WorkQueue } from '../runtime/workqueue.js';
import { Applier } from './applier.js';
import { jittered, sleep } from './backoff.js';
import { DesiredState } from './desired-state.js';
import { DriftThrottle } from './drift-throttle.js';
import { runFeed } from './feed-loop.js';
import { runHeartbeats } from './heartbeat-loop.js';
import { OwnedDeployments } from './owned-cache.js';
import { Reconciler } from './reconciler.js';
import { connectDownstream } from './startup.js';
import { StatusReporter } from './status-reporter.js';
import { TokenFile } from './token-file.js';
import { Upstream } from './upstream-client.js';

export interface SyncerOptions {
  syncTarget: string;
  server: string;
  tokenFile: string;
  caFile?: string;
  kubeconfig?: string;
  context?: string;
  /** The periodic full re-apply. */
  resyncIntervalMs: number;
  syncerVersion: string;
  /** How long the server may hold a feed request. */
  feedTimeoutSeconds?: number;
}

const aborted = (signal: AbortSignal): Promise<void> => new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

export async function runSyncer(options: SyncerOptions, log: Logger, signal: AbortSignal): Promise<void> {
  const target = options.syncTarget;
  // Every request in flight listens to this one signal; dozens at once are expected.
  setMaxListeners(0, signal);
  // Read before anything else: a missing token is a mistake to report at once.
  const token = new TokenFile(options.tokenFile, log);
  const downstream = await connectDownstream(options, log, signal);
  if (!downstream) return token.close();
  token.watch();
  const upstream = new Upstream({ server: options.server, target, token, caFile: options.caFile });
  const desired = new DesiredState(target);
  const reporter = new StatusReporter(upstream, log);
  const queue: WorkQueue = new WorkQueue({
    process: (key) => reconciler.reconcile(key),
    concurrency: 4,
    backoff: { baseMs: 500, maxMs: 60_000 },
  });
  const owned = new OwnedDeployments(downstream, target, log, (key) => queue.add(key));
  const reconciler: Reconciler = new Reconciler({
    target, desired, owned, applier: new Applier(downstream), reporter, throttle: new DriftThrottle(), log,
    requeue: (key, delayMs) => queue.addAfter(key, delayMs),
  });
  log.info({ event: 'started', server: options.server }, `syncing sync target ${target}`);

  const loops = [owned.run(signal), runHeartbeats({ upstream, downstream, syncerVersion: options.syncerVersion, log }, signal)];
  // The cache must hold the agent's objects before the first apply decides what exists.
  await Promise.race([owned.synced, aborted(signal)]);
  if (!signal.aborted) {
    log.info({ event: 'owned-synced', owned: owned.size }, 'listed the Deployments this syncer owns');
    reporter.start();
    queue.start();
    const onChange = (keys: string[], first: boolean) => {
      for (const key of keys) queue.add(key);
      // The first answer is the first chance to prune what was unplaced while the agent was away.
      if (first) for (const key of owned.keys()) queue.add(key);
    };
    loops.push(runFeed({ upstream, desired, onChange, log, timeoutSeconds: options.feedTimeoutSeconds }, signal));
    loops.push(resyncLoop(options.resyncIntervalMs, signal, () => {
      owned.relist();
      for (const key of new Set([...desired.keys(), ...owned.keys()])) {
        reconciler.force(key);
        queue.add(key);
      }
    }));
  }
  await Promise.all(loops);
  await queue.stop();
  await reporter.stop();
  token.close();
  await Promise.all([upstream.close(), downstream.close()]);
  log.info({ event: 'stopped' }, 'syncer stopped; nothing downstream was changed on the way out');
}

async function resyncLoop(intervalMs: number, signal: AbortSignal, resync: () => void): Promise<void> {
  while (await sleep(jittered(intervalMs, 0.1), signal)) resync();
}
