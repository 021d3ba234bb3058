// `npm run bench:e2e`: how long a Deployment takes from the create request to the control
// plane until it exists in the downstream cluster, through the real `tmc server`, the real
// `tmc syncer` and the real test cluster (started here, as the e2e tests do; or the cluster of
// TMC_E2E_KUBECONFIG). The moment of arrival is the ADDED event of a watch on the downstream
// namespace. Because the machine is shared and noisy, the same run also measures the cluster's
// own floor: the same Deployment created directly through client-node, to the same watch
// event. The two kinds of create alternate, so load drift hits both alike.
// BENCH_COUNT creates of each kind (default 50) after BENCH_WARMUP warm-ups (default 3).
// Then the whole application of the whole-app e2e test, BENCH_APP_ROUNDS times each way
// (default 5; 0 skips it): see e2e-app.ts.
import type * as k8s from '@kubernetes/client-node';
import { startCluster } from '../cluster/harness.js';
import { ControlPlane, deploymentManifest, startSyncer, suffix } from '../e2e/control-plane.js';
import { downstream } from '../e2e/syncer-helpers.js';
import { benchWholeApp } from './e2e-app.js';
import { Cleanup, watchArrivals } from './e2e-arrivals.js';
import { ms, percentile } from './feed-client.js';

function count(variable: string, fallback: number, least: number): number {
  const value = Number(process.env[variable] ?? fallback);
  if (!Number.isInteger(value) || value < least)
    throw new Error(`${variable} must be an integer of at least ${least}, not ${process.env[variable]}`);
  return value;
}

const COUNT = count('BENCH_COUNT', 50, 1);
const WARMUP = count('BENCH_WARMUP', 3, 0);
const APP_ROUNDS = count('BENCH_APP_ROUNDS', 5, 0);
// A pause between creates lets the controllers' work on the last one (ReplicaSet, pod, status
// report) settle, so each create is timed on a quiet path rather than behind the previous one.
const PAUSE_MS = count('BENCH_PAUSE_MS', 250, 0);
const IMAGE = 'registry.example/web:1';

type Kind = 'tmc' | 'baseline';

const pause = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));
const log = (message: string) => process.stderr.write(`${message}\n`);

async function kubeconfigPath(cleanup: Cleanup): Promise<string> {
  const own = process.env.TMC_E2E_KUBECONFIG;
  if (own) return own;
  const started = Date.now();
  const cluster = await startCluster({ log: (m) => log(`cluster: ${m}`) });
  cleanup.teardown(() => cluster.stop());
  log(`test cluster ${cluster.kubernetesVersion} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return cluster.kubeconfigPath;
}

function summary(label: string, values: number[]): string {
  const at = (p: number) => ms(percentile(values, p));
  return `  ${label.padEnd(40)} p50 ${at(50)}  p90 ${at(90)}  p99 ${at(99)}  max ${ms(Math.max(...values))}`;
}

async function bench(cleanup: Cleanup): Promise<void> {
  const kubeconfig = await kubeconfigPath(cleanup);
  const { kc, apps, core } = downstream(kubeconfig);
  const ns = `bench-e2e-${suffix()}`;
  const target = `bench-${suffix()}`;
  // The namespace exists before either kind of create, so neither pays for making it.
  await core.createNamespace({ body: { metadata: { name: ns } } });
  cleanup.teardown(() =>
    core.deleteNamespace({ name: ns }).then(
      () => undefined,
      () => undefined,
    ),
  );

  const plane = await ControlPlane.start(cleanup);
  const tokenFile = await plane.target(target, ns);
  // At info, as agents run in production: debug lines would be part of what is timed.
  const syncer = startSyncer(cleanup, [
    '--sync-target-name',
    target,
    '--server',
    plane.url,
    '--token-file',
    tokenFile,
    '--kubeconfig',
    kubeconfig,
    '--log-level',
    'info',
  ]);
  await syncer.ready();
  const arrivals = await watchArrivals(kc, ns);
  cleanup.teardown(() => arrivals.stop());

  const create: Record<Kind, (name: string) => Promise<unknown>> = {
    tmc: (name) => plane.createDeployment(ns, name, 1, IMAGE),
    baseline: (name) =>
      apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest(name, 1, IMAGE) as k8s.V1Deployment }),
  };
  const times: Record<Kind, number[]> = { tmc: [], baseline: [] };
  const requestTimes: number[] = [];
  log(`timing ${COUNT} creates of each kind after ${WARMUP} warm-ups...`);
  for (let i = 0; i < WARMUP + COUNT; i++) {
    const order: Kind[] = i % 2 === 0 ? ['tmc', 'baseline'] : ['baseline', 'tmc'];
    for (const kind of order) {
      const name = `${kind}-${i}`;
      const arrived = arrivals.of(name);
      const started = performance.now();
      await create[kind](name);
      const answered = performance.now();
      const at = await arrived;
      if (i >= WARMUP) {
        times[kind].push(at - started);
        if (kind === 'tmc') requestTimes.push(answered - started);
      }
      await pause(PAUSE_MS);
    }
  }

  const ratio = (p: number) => (percentile(times.tmc, p) / percentile(times.baseline, p)).toFixed(2);
  process.stdout.write(
    [
      '',
      `e2e benchmark: ${COUNT} sequential Deployment creates of each kind, after ${WARMUP} warm-ups, alternating, ${PAUSE_MS} ms apart`,
      'time from the create request to the ADDED watch event downstream:',
      summary('tmc (POST to tmc server → tmc syncer)', times.tmc),
      summary('baseline (direct create via client-node)', times.baseline),
      `  ratio tmc/baseline: p50 ${ratio(50)}  p99 ${ratio(99)}`,
      summary('of which the POST to tmc server', requestTimes),
      '',
    ].join('\n'),
  );
  if (APP_ROUNDS === 0) return;
  const app = await benchWholeApp({
    plane,
    kc,
    core,
    target,
    rounds: APP_ROUNDS,
    log,
    teardown: (fn) => cleanup.teardown(fn),
  });
  process.stdout.write([...app, ''].join('\n'));
}

const cleanup = new Cleanup();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanup.run(true).finally(() => process.exit(130));
  });
}
let failed = false;
try {
  await bench(cleanup);
} catch (error) {
  failed = true;
  log(`e2e benchmark failed: ${(error as Error).stack ?? error}`);
} finally {
  if (!interrupted) await cleanup.run(failed);
}
// Keep-alive sockets of the clients would hold the process open for a while: exit now.
process.exit(failed ? 1 : 0);
