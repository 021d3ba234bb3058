// `tmc syncer`: the agent for one sync target. Loops, all stopped by one signal:
// - heartbeat: tells the control plane the agent is alive and what the cluster holds;
// - feed: long-polls the objects placed here (any kind) into the desired state;
// - owned watches: one per synced kind, see every change to the agent's objects downstream;
// - a work queue reconciling one object at a time per key (apply, drift, prune, in dependency
//   order), fed by the feed and the watches, plus a periodic full re-apply as the safety net;
// - status reports of what the watch sees;
// - the reverse tunnel, through which the control plane reads pods, logs and events here.
// Stopping ends the loops and waits for the writes in flight; it deletes or changes nothing.
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { jittered, sleep } from './backoff.js';
import { SyncEngine } from './engine.js';
import type { FeedAnswer } from './upstream/feed-answer.js';
import { runFeed } from './upstream/feed-loop.js';
import { runHeartbeats } from './upstream/heartbeat-loop.js';
import { ServedResources } from './downstream/served-resources.js';
import { CapacityReport } from './downstream/capacity-report.js';
import { RestMapper } from './downstream/rest-mapper.js';
import { connectDownstream } from './startup.js';
import { StatusReporter } from './upstream/status-reporter.js';
import { TokenFile } from './upstream/token-file.js';
import { Upstream } from './upstream/upstream-client.js';
import { runTunnel } from './upstream/tunnel-client.js';

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

const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

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
  const mapper = new RestMapper(downstream);
  // An object waiting for its definition is reported before discovery lists its kind: the
  // definition names its resource. (Reports start after the engine exists.)
  const resourceOf = (groupKind: string): string | undefined =>
    mapper.resourceOf(groupKind) ?? engine.definitions.resourceOf(groupKind);
  const reporter = new StatusReporter(upstream, log, resourceOf);
  const engine = new SyncEngine({ target, downstream, mapper, reporter, log });
  const { owned } = engine;
  log.info({ event: 'started', server: options.server }, `syncing sync target ${target}`);

  const loops = [
    owned.run(signal),
    runHeartbeats(
      {
        upstream,
        downstream,
        syncerVersion: options.syncerVersion,
        log,
        served: new ServedResources(downstream),
        capacity: new CapacityReport(downstream),
      },
      signal,
    ),
    // The reverse tunnel for `tmc logs` and the proxy: it needs nothing of the sync loops.
    runTunnel({ server: options.server, target, token, caFile: options.caFile, downstream, log }, signal),
  ];
  // The cache must hold the agent's objects before the first apply decides what exists.
  await Promise.race([owned.synced, aborted(signal)]);
  if (!signal.aborted) {
    log.info({ event: 'owned-synced', owned: owned.size }, 'listed the objects this syncer owns');
    reporter.start();
    engine.start();
    const take = (answer: FeedAnswer) => engine.take(answer);
    const desiredSize = () => engine.desired.size;
    loops.push(runFeed({ upstream, take, desiredSize, log, timeoutSeconds: options.feedTimeoutSeconds }, signal));
    loops.push(resyncLoop(options.resyncIntervalMs, signal, () => engine.resync()));
  }
  await Promise.all(loops);
  await engine.stop();
  await reporter.stop();
  token.close();
  await Promise.all([upstream.close(), downstream.close()]);
  log.info({ event: 'stopped' }, 'syncer stopped; nothing downstream was changed on the way out');
}

async function resyncLoop(intervalMs: number, signal: AbortSignal, resync: () => void): Promise<void> {
  while (await sleep(jittered(intervalMs, 0.1), signal)) resync();
}
