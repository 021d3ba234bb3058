// The whole-application part of `npm run bench:e2e`: the application of the whole-app e2e test
// (9 objects of 8 kinds, one Placement of its workloads only) applied to the control plane, timed
// until every object is present downstream; next to the same objects created directly into the
// cluster, timed the same way. Each round uses two fresh namespaces (made first, so neither kind
// pays for one) and the two kinds alternate, so load drift hits both alike. Presence is polled
// (every POLL_MS, all objects at once), the same way for both kinds.
import * as k8s from '@kubernetes/client-node';
import type { ControlPlane } from '../e2e/control-plane.js';
import { suffix } from '../e2e/control-plane.js';
import { objectPath, wholeApp, workloadsPlacement } from '../e2e/whole-app-objects.js';
import { ms, percentile } from './feed-client.js';

const POLL_MS = 20;
const TIMEOUT_MS = 120_000;

export interface WholeAppBench {
  plane: ControlPlane;
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  target: string;
  rounds: number;
  teardown(fn: () => unknown): void;
  log(message: string): void;
}

type Kind = 'tmc' | 'baseline';
const pause = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

/** Resolves with performance.now() once every object of the application is present in `ns`. */
async function allPresent(api: k8s.KubernetesObjectApi, ns: string): Promise<number> {
  const missing = new Set(wholeApp('x').map(([, , body]) => body as k8s.KubernetesObject));
  const deadline = performance.now() + TIMEOUT_MS;
  while (missing.size > 0) {
    if (performance.now() > deadline) {
      throw new Error(`${ns}: still missing after ${TIMEOUT_MS} ms: ${[...missing].map((o) => o.kind).join(', ')}`);
    }
    await Promise.all(
      [...missing].map((o) =>
        api.read({ ...o, metadata: { name: o.metadata!.name!, namespace: ns } }).then(
          () => missing.delete(o),
          () => undefined,
        ),
      ),
    );
    if (missing.size > 0) await pause(POLL_MS);
  }
  return performance.now();
}

export async function benchWholeApp(b: WholeAppBench): Promise<string[]> {
  const api = k8s.KubernetesObjectApi.makeApiClient(b.kc);
  const secret = `bench-${suffix()}`;
  const apply: Record<Kind, (ns: string) => Promise<unknown>> = {
    tmc: async (ns) => {
      for (const [apiVersion, plural, body] of wholeApp(secret))
        await b.plane.ok('POST', objectPath(ns, apiVersion, plural), body);
      await b.plane.ok(
        'POST',
        `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`,
        workloadsPlacement(b.target),
      );
    },
    baseline: async (ns) => {
      for (const [, , body] of wholeApp(secret))
        await api.create({ ...body, metadata: { ...body.metadata, namespace: ns } });
    },
  };
  const times: Record<Kind, number[]> = { tmc: [], baseline: [] };
  b.log(`timing ${b.rounds} whole applications of each kind...`);
  for (let i = 0; i < b.rounds; i++) {
    const order: Kind[] = i % 2 === 0 ? ['tmc', 'baseline'] : ['baseline', 'tmc'];
    for (const kind of order) {
      const ns = `bench-app-${kind}-${i}-${suffix()}`;
      await b.core.createNamespace({ body: { metadata: { name: ns } } });
      b.teardown(() =>
        b.core.deleteNamespace({ name: ns }).then(
          () => undefined,
          () => undefined,
        ),
      );
      const started = performance.now();
      const present = allPresent(api, ns);
      await apply[kind](ns);
      times[kind].push((await present) - started);
    }
  }
  const at = (values: number[], p: number) => ms(percentile(values, p));
  const ratio = (p: number) => (percentile(times.tmc, p) / percentile(times.baseline, p)).toFixed(2);
  const line = (label: string, values: number[]) =>
    `  ${label.padEnd(40)} p50 ${at(values, 50)}  p90 ${at(values, 90)}  max ${ms(Math.max(...values))}`;
  return [
    `whole application (${wholeApp(secret).length} objects of 8 kinds, one Placement of its workloads), ${b.rounds} rounds, alternating:`,
    'time from the first create request until every object is present downstream:',
    line('tmc (apply to tmc server → tmc syncer)', times.tmc),
    line('baseline (direct creates, client-node)', times.baseline),
    `  ratio tmc/baseline: p50 ${ratio(50)}  max ${(Math.max(...times.tmc) / Math.max(...times.baseline)).toFixed(2)}`,
  ];
}
