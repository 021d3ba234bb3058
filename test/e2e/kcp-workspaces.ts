// Helpers of the e2e tests against a real kcp: workspaces made through kcp's tenancy.kcp.io
// Workspace API, kubeconfigs pointed at a workspace's /clusters/<path> URL, and kubectl.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { Test } from 'tap';
import { binaryDir } from '../cluster/binaries.js';
import { waitFor } from '../helpers/wait.js';

const WORKSPACES = { group: 'tenancy.kcp.io', version: 'v1alpha1', plural: 'workspaces' };

export interface Workspace {
  /** e.g. root:org:team */
  path: string;
  /** The logical cluster's name: what kcp writes into kcp.io/cluster of every object in it. */
  cluster: string;
  /** https://127.0.0.1:<port>/clusters/<path> */
  server: string;
}

export interface KcpAdmin {
  /** kcp's base URL, without a workspace path. */
  base: string;
  objects(path: string): k8s.CustomObjectsApi;
  crds(path: string): k8s.ApiextensionsV1Api;
  /** Writes a kubeconfig for the admin in workspace `path` into `dir`. */
  kubeconfig(dir: string, path: string): string;
  /** Creates `name` in workspace `parent` unless it is there, and waits until it is Ready. */
  workspace(parent: string, name: string, type?: string): Promise<Workspace>;
}

export function kcpAdmin(kubeconfigPath: string): KcpAdmin {
  const root = new k8s.KubeConfig();
  root.loadFromFile(kubeconfigPath);
  const base = root.getCurrentCluster()!.server.replace(/\/clusters\/[^/]+\/?$/, '');
  const at = (path: string): k8s.KubeConfig => {
    const config = new k8s.KubeConfig();
    config.loadFromOptions({
      clusters: root.clusters.map((c) => ({ ...c, server: `${base}/clusters/${path}` })),
      users: root.users,
      contexts: root.contexts,
      currentContext: root.getCurrentContext(),
    });
    return config;
  };
  const objects = (path: string) => at(path).makeApiClient(k8s.CustomObjectsApi);
  return {
    base,
    objects,
    crds: (path) => at(path).makeApiClient(k8s.ApiextensionsV1Api),
    kubeconfig: (dir, path) => {
      const file = join(dir, `kcp-${path.replaceAll(':', '-')}.kubeconfig`);
      writeFileSync(file, at(path).exportConfig(), { mode: 0o600 });
      return file;
    },
    workspace: async (parent, name, type) => {
      const api = objects(parent);
      const body = {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        kind: 'Workspace',
        metadata: { name },
        spec: type ? { type: { name: type, path: 'root' } } : {},
      };
      // A parent that has just turned Ready may not be served at its path yet (kcp's index of
      // logical clusters lags the phase): 404 there is retried, 409 means it is already made.
      await waitFor(
        () =>
          api.createClusterCustomObject({ ...WORKSPACES, body }).then(
            () => true,
            (error: { code?: number }) => {
              if (error.code === 409) return true; // made by another test file, or an earlier run
              if (error.code === 404) return false;
              throw error;
            },
          ),
        `workspace ${parent}:${name} created`,
        60_000,
      );
      const ready = await waitFor(
        async () => {
          const ws = (await api.getClusterCustomObject({ ...WORKSPACES, name })) as {
            spec?: { cluster?: string; URL?: string };
            status?: { phase?: string };
          };
          return ws.status?.phase === 'Ready' && ws.spec?.cluster ? ws : undefined;
        },
        `workspace ${parent}:${name} Ready`,
        60_000,
      );
      const path = `${parent}:${name}`;
      return { path, cluster: ready.spec!.cluster!, server: `${base}/clusters/${path}` };
    },
  };
}

/** The kcp.io/cluster annotation kcp puts on every object: the name of its logical cluster. */
export const clusterOf = (object: { metadata?: object } | undefined): string | undefined =>
  (object?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.['kcp.io/cluster'];

/** A directory of its own, removed when `t` ends: tap's t.testdir() is one per test, and each
 *  tmc server of a file needs a data dir of its own. */
export function scratchDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmc-kcp-e2e-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** kubectl from the test cluster's binaries, or from PATH; undefined when there is none. */
export async function findKubectl(): Promise<string | undefined> {
  const cached = join(binaryDir(), 'kubectl');
  try {
    accessSync(cached, constants.X_OK);
    return cached;
  } catch {
    return new Promise((resolve) =>
      execFile('kubectl', ['version', '--client'], (error) => resolve(error ? undefined : 'kubectl')),
    );
  }
}

export function kubectl(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}
