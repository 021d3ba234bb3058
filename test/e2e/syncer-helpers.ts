// What the syncer e2e tests share: the real `tmc server` process, the real `tmc syncer`
// process (control-plane.ts), and the real test cluster downstream. Waits are on conditions
// with a one-minute ceiling (two shared cores), downstream through watches, upstream by polling
// the server.
import * as k8s from '@kubernetes/client-node';
import { CEILING_MS, suffix } from './control-plane.js';

export * from './control-plane.js';

/** Typed clients for the downstream test cluster. */
export function downstream(kubeconfigPath: string) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return { kc, apps: kc.makeApiClient(k8s.AppsV1Api), core: kc.makeApiClient(k8s.CoreV1Api) };
}

export type Deployment = k8s.V1Deployment;

/** A namespace and a target of the test's own, with the downstream clients; the namespace goes at the end. */
export function scratch(t: { teardown(fn: () => unknown): void }, kubeconfigPath: string, prefix: string) {
  const ns = `${prefix}-${suffix()}`;
  const target = `${prefix}-${suffix()}`;
  const clients = downstream(kubeconfigPath);
  t.teardown(() => clients.core.deleteNamespace({ name: ns }).catch(() => undefined));
  return { ns, target, ...clients };
}

/**
 * Resolves with the Deployment (undefined: absent) once `holds` is true of it, watching the
 * namespace so each change is seen as it happens.
 */
export async function waitDownstream(
  kc: k8s.KubeConfig,
  ns: string,
  name: string,
  what: string,
  holds: (d: Deployment | undefined) => boolean,
): Promise<Deployment | undefined> {
  let settle!: (d: Deployment | undefined) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<Deployment | undefined>((resolve, reject) => ([settle, fail] = [resolve, reject]));
  let last: Deployment | undefined;
  const check = (d: Deployment | undefined) => {
    last = d;
    if (holds(d)) settle(d);
  };
  const timer = setTimeout(
    () =>
      fail(
        new Error(
          `timed out after ${CEILING_MS} ms waiting downstream for ${ns}/${name}: ${what}; last seen: ${JSON.stringify(last ?? 'absent').slice(0, 1500)}`,
        ),
      ),
    CEILING_MS,
  );
  const watch = await new k8s.Watch(kc).watch(
    `/apis/apps/v1/namespaces/${ns}/deployments`,
    { fieldSelector: `metadata.name=${name}` },
    (type, object: Deployment) => check(type === 'DELETED' ? undefined : object),
    () => undefined,
  );
  // The watch reports an existing object as ADDED; a missing one needs this read.
  await kc
    .makeApiClient(k8s.AppsV1Api)
    .readNamespacedDeployment({ name, namespace: ns })
    .then(check, () => check(undefined));
  try {
    return await done;
  } finally {
    clearTimeout(timer);
    watch.abort();
  }
}

/** Every watch event on Deployments in `ns` from now on, for asserting what did not happen. */
export async function recordEvents(
  kc: k8s.KubeConfig,
  ns: string,
): Promise<{ events: { type: string; name: string; generation?: number }[]; stop: () => void }> {
  const events: { type: string; name: string; generation?: number }[] = [];
  const list = await kc.makeApiClient(k8s.AppsV1Api).listNamespacedDeployment({ namespace: ns });
  const watch = await new k8s.Watch(kc).watch(
    `/apis/apps/v1/namespaces/${ns}/deployments`,
    { resourceVersion: list.metadata?.resourceVersion },
    (type, object: Deployment) =>
      events.push({ type, name: object.metadata?.name ?? '', generation: object.metadata?.generation }),
    () => undefined,
  );
  return { events, stop: () => watch.abort() };
}

/** An Override giving targets labelled region=eu their own registry and 2 replicas of Deployment web. */
export const EU_REGISTRY_OVERRIDE = {
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Override',
  metadata: { name: 'eu-registry' },
  spec: {
    resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', names: ['web'] }],
    targetSelector: { matchLabels: { region: 'eu' } },
    changes: [{ image: { registry: 'eu.registry.example' } }, { replicas: 2 }],
  },
};
