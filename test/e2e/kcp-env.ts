// Helpers of the kcp mirror's e2e tests: a tmc app mirroring into a real kube-apiserver (which
// stands in for kcp), direct access to that apiserver, and a watch that records every write
// the apiserver sees for one object.
import * as k8s from '@kubernetes/client-node';
import type { Test } from 'tap';
import { buildApp } from '../../src/server.js';
import type { ServerConfig } from '../../src/config.js';
import type { KcpMirrorOptions } from '../../src/kcp/mirror-options.js';
import { ADMIN_TOKEN, type TestApp, call } from '../helpers/app.js';

export const GROUP = { group: 'workload.kcp.io', version: 'v1alpha1', plural: 'synctargets' };
export const MANAGED = { 'app.kubernetes.io/managed-by': 'tmc' };

export interface KcpObject {
  metadata: { name: string; uid: string; resourceVersion: string; labels?: Record<string, string> };
  spec?: Record<string, any>;
  status?: Record<string, any>;
}

export interface Kcp {
  objects: k8s.CustomObjectsApi;
  crds: k8s.ApiextensionsV1Api;
  get(name: string): Promise<KcpObject | undefined>;
  create(name: string, labels?: Record<string, string>): Promise<KcpObject>;
  remove(name: string): Promise<void>;
  /** Deletes every SyncTarget (no other test uses the kind in this cluster). */
  clear(): Promise<void>;
  /** Records each change the apiserver makes to `name`, with when the watch saw it. */
  watch(t: Test, name: string): Promise<{ seen: { at: number; object: KcpObject }[] }>;
}

export function kcpClient(kubeconfigPath: string): Kcp {
  const config = new k8s.KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const objects = config.makeApiClient(k8s.CustomObjectsApi);
  const get = async (name: string) => {
    try {
      return (await objects.getClusterCustomObject({ ...GROUP, name })) as KcpObject;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  };
  return {
    objects,
    crds: config.makeApiClient(k8s.ApiextensionsV1Api),
    get,
    create: async (name, labels) =>
      (await objects.createClusterCustomObject({
        ...GROUP,
        body: {
          apiVersion: 'workload.kcp.io/v1alpha1',
          kind: 'SyncTarget',
          metadata: { name, labels },
          spec: { unschedulable: false },
        },
      })) as KcpObject,
    remove: async (name) => {
      if (await get(name)) await objects.deleteClusterCustomObject({ ...GROUP, name });
    },
    clear: async () => {
      await objects.deleteCollectionClusterCustomObject({ ...GROUP }).catch((error: { code?: number }) => {
        if (error.code !== 404) throw error; // no CRD yet
      });
    },
    watch: async (t, name) => {
      const seen: { at: number; object: KcpObject }[] = [];
      const path = `/apis/${GROUP.group}/${GROUP.version}/${GROUP.plural}`;
      const current = await get(name);
      const abort = await new k8s.Watch(config).watch(
        path,
        { fieldSelector: `metadata.name=${name}`, resourceVersion: current?.metadata.resourceVersion },
        (phase, object: KcpObject) => {
          if (phase === 'MODIFIED' || phase === 'ADDED') seen.push({ at: Date.now(), object });
        },
        () => undefined,
      );
      t.teardown(() => abort.abort());
      return { seen };
    },
  };
}

/** A tmc app with the mirror on, pointed at `kubeconfigPath`; closed when `t` ends. */
export async function mirrorApp(
  t: Test,
  kubeconfigPath: string,
  config: Partial<ServerConfig>,
  mirror: Partial<KcpMirrorOptions>,
): Promise<TestApp> {
  const dataDir = t.testdir();
  const app = await buildApp(
    {
      adminToken: ADMIN_TOKEN,
      logLevel: process.env.TMC_TEST_LOG ? 'debug' : 'silent',
      dataDir,
      kcpKubeconfig: kubeconfigPath,
      ...config,
    },
    { kcpMirror: mirror },
  );
  t.teardown(() => app.close());
  await app.ready();
  return { app, dataDir, call: (method, url, body, options) => call(app, method, url, body, options) };
}

/** Sums a counter of the app's registry over the label values that match `labels`. */
export async function counter(api: TestApp, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await api.app.metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

export const conditionIn = (object: { status?: Record<string, any> } | undefined, type: string) =>
  (
    object?.status?.conditions as { type: string; status: string; reason?: string; message?: string }[] | undefined
  )?.find((c) => c.type === type);
