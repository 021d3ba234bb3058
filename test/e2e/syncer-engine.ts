// The syncer's core (SyncEngine) on the real test cluster for one test file: a fresh namespace
// and target, the engine's log lines and status reports caught, and a feed to drive it with.
import { setMaxListeners } from 'node:events';
import * as k8s from '@kubernetes/client-node';
import { pino } from 'pino';
import { SyncEngine } from '../../src/syncer/engine.js';
import type { FeedItem } from '../../src/syncer/upstream/feed-answer.js';
import { KubeClient } from '../../src/syncer/downstream/kube-client.js';
import type { StatusReport } from '../../src/syncer/upstream/status-report.js';
import { suffix, until } from './syncer-helpers.js';

interface TapLike {
  teardown(fn: () => unknown): void;
  passing(): boolean;
  comment(message: string): void;
}

export async function engineOnCluster(t: TapLike, kubeconfigPath: string, prefix: string) {
  const ns = `${prefix}-${suffix()}`;
  const target = `${prefix}-${suffix()}`;
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
  t.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );

  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  /** The engine's log lines of one event, of one object's key when given. */
  const events = (event: string, key?: string) =>
    lines.map((l) => JSON.parse(l)).filter((l) => l.event === event && (key === undefined || l.key === key));
  const reports = new Map<string, StatusReport>();
  const downstream = await KubeClient.fromKubeConfig(kc);
  const engine = new SyncEngine({
    target,
    downstream,
    log,
    reporter: { set: (key, report) => reports.set(key, report), forget: (key) => reports.delete(key) },
  });
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per watch and request in flight, as in runSyncer
  const running = engine.owned.run(stop.signal);
  t.teardown(async () => {
    stop.abort();
    await running;
    await engine.stop();
    await downstream.close();
    if (!t.passing()) t.comment(`engine log (last 40 lines):\n${lines.slice(-40).join('')}`);
  });
  await engine.owned.synced;
  engine.start();

  let version = 0;
  const state = { items: [] as FeedItem[] };
  const feed = (next: FeedItem[]) => engine.take({ resourceVersion: String(++version), items: (state.items = next) });
  const report = (key: string, holds: (r: StatusReport) => boolean) =>
    until(
      `a report for ${key} that holds (last: ${JSON.stringify(reports.get(key))})`,
      async () => {
        const r = reports.get(key);
        return r && holds(r) && r;
      },
      120_000,
    );
  return { ns, target, kc, core, apps, lines, events, feed, report, reports, state };
}
