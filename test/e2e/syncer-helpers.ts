// What the syncer e2e tests share: the real `tmc server` process, the real `tmc syncer`
// process, and the real test cluster downstream. Waits are on conditions with a one-minute
// ceiling (two shared cores), downstream through watches, upstream by polling the server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { Test } from 'tap';
import { Agent, request } from 'undici';
import { runTmc } from '../helpers/server-process.js';

export const CEILING_MS = 60_000;
export const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
export const deploymentsPath = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;
export const suffix = () => Math.random().toString(36).slice(2, 8);

/** Polls `probe` every 100 ms until it returns something; fails naming `what` after the ceiling. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = CEILING_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ControlPlaneOptions {
  tls?: { cert: string; key: string; ca: string };
  args?: string[];
}

interface ServerProcess {
  url: string;
  output(): string;
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `tmc server` and waits for it to listen; a server that does not is killed, so a slow
 * start never leaves a process behind holding the data directory.
 */
async function startServer(args: string[], timeoutMs: number): Promise<ServerProcess> {
  const { child, output, exited } = runTmc(['server', '--bind-address', '127.0.0.1', ...args]);
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  try {
    const url = await until('tmc server to listen', async () => {
      if (child.exitCode !== null) throw new Error(`tmc server exited with ${child.exitCode}:\n${output()}`);
      return /tmc server listening on (\S+?)"/.exec(output())?.[1];
    }, timeoutMs);
    return { url, output, stop };
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
}

/** A real `tmc server` on its own data directory, restartable on the same data. */
export class ControlPlane {
  private process!: ServerProcess;
  readonly adminToken = `admin-${suffix()}${suffix()}`;
  private readonly dispatcher?: Agent;

  private constructor(readonly dataDir: string, private readonly options: ControlPlaneOptions) {
    if (options.tls) this.dispatcher = new Agent({ connect: { ca: options.tls.ca } });
  }

  static async start(t: Test, options: ControlPlaneOptions = {}): Promise<ControlPlane> {
    // A directory of its own per run: never one a server of an earlier, crashed run still holds.
    const plane = new ControlPlane(mkdtempSync(join(tmpdir(), 'tmc-syncer-e2e-')), options);
    t.teardown(async () => {
      await plane.process?.stop('SIGKILL');
      if (!t.passing() && plane.process) t.comment(`tmc server output (last 4000 characters):\n${plane.process.output().slice(-4000)}`);
      rmSync(plane.dataDir, { recursive: true, force: true });
    });
    await plane.restart();
    return plane;
  }

  get url(): string {
    return this.process.url;
  }

  /** Starts the server (again) on the same data directory and port 0; the URL may change. */
  async restart(port = 0): Promise<void> {
    const tokenFile = join(this.dataDir, 'admin.token');
    writeFileSync(tokenFile, this.adminToken);
    const tls = this.options.tls ? ['--tls-cert-file', this.options.tls.cert, '--tls-key-file', this.options.tls.key] : [];
    const args = ['--data-dir', this.dataDir, '--admin-token-file', tokenFile, ...tls, ...(this.options.args ?? []), '--port', String(port)];
    // Two shared cores and several clusters: a start can take far longer than on a laptop.
    this.process = await startServer(args, 120_000);
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    return this.process.stop(signal);
  }

  async call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; json: any }> {
    const response = await request(this.url + path, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${this.adminToken}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.dispatcher,
    });
    const text = await response.body.text();
    return { status: response.statusCode, json: text ? JSON.parse(text) : undefined };
  }

  async ok(method: string, path: string, body?: unknown, contentType?: string): Promise<any> {
    const { status, json } = await this.call(method, path, body, contentType);
    if (status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
    return json;
  }

  /** A SyncTarget with an agent token written to a file, and a Placement of namespace `ns` onto it. */
  async target(name: string, ns: string): Promise<string> {
    await this.ok('POST', ST, { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name }, spec: {} });
    const tokenFile = join(this.dataDir, `${name}.agent-token`);
    await this.rotateToken(name, tokenFile);
    await this.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, {
      apiVersion: 'scheduling.kcp.io/v1alpha1', kind: 'Placement', metadata: { name: `to-${name}` }, spec: { syncTargetNames: [name] },
    });
    return tokenFile;
  }

  /** Issues a new agent token and writes it to `tokenFile`; returns the token. */
  async rotateToken(name: string, tokenFile?: string): Promise<string> {
    const { token } = await this.ok('POST', `${ST}/${name}/tokens`);
    if (tokenFile) writeFileSync(tokenFile, `${token}\n`);
    return token as string;
  }

  createDeployment(ns: string, name: string, replicas = 1, image = 'registry.example/web:1'): Promise<any> {
    return this.ok('POST', deploymentsPath(ns), deploymentManifest(name, replicas, image));
  }

  /** The entry of `target` in the Deployment's status.syncTargets. */
  async entry(ns: string, name: string, target: string): Promise<any> {
    const { json } = await this.call('GET', `${deploymentsPath(ns)}/${name}`);
    return json?.status?.syncTargets?.find((e: { name: string }) => e.name === target);
  }
}

export function deploymentManifest(name: string, replicas: number, image: string) {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image }] } } },
  };
}

export interface SyncerProcess {
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves once the output matches `pattern`. */
  logged(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once the agent has listed its Deployments and starts syncing. */
  ready(): Promise<void>;
}

/** The real `tmc syncer` process; killed at teardown if still running. */
export function startSyncer(t: Test, args: string[], env: NodeJS.ProcessEnv = {}): SyncerProcess {
  const { child, output, exited } = runTmc(['syncer', '--log-level', 'debug', ...args], env);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  t.teardown(async () => {
    await stop('SIGKILL');
    // What the agent did is the first thing to read when a test of it fails.
    if (!t.passing()) t.comment(`tmc syncer output (last 8000 characters):\n${output().slice(-8000)}`);
  });
  const logged = (pattern: RegExp, timeoutMs = CEILING_MS) => until(`syncer output matching ${pattern}:\n${output().slice(-2000)}`, async () => pattern.test(output()), timeoutMs).then(() => undefined);
  // Loading the agent takes a while on a loaded machine: two minutes, not one.
  const ready = () => logged(/"event":"owned-synced"/, 2 * CEILING_MS);
  return { pid: child.pid!, output, exited, stop, logged, ready };
}

/** Typed clients for the downstream test cluster. */
export function downstream(kubeconfigPath: string) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return { kc, apps: kc.makeApiClient(k8s.AppsV1Api), core: kc.makeApiClient(k8s.CoreV1Api) };
}

export type Deployment = k8s.V1Deployment;

/**
 * Resolves with the Deployment (undefined: absent) once `holds` is true of it, watching the
 * namespace so each change is seen as it happens.
 */
export async function waitDownstream(kc: k8s.KubeConfig, ns: string, name: string, what: string, holds: (d: Deployment | undefined) => boolean): Promise<Deployment | undefined> {
  let settle!: (d: Deployment | undefined) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<Deployment | undefined>((resolve, reject) => ([settle, fail] = [resolve, reject]));
  let last: Deployment | undefined;
  const check = (d: Deployment | undefined) => {
    last = d;
    if (holds(d)) settle(d);
  };
  const timer = setTimeout(() => fail(new Error(`timed out after ${CEILING_MS} ms waiting downstream for ${ns}/${name}: ${what}; last seen: ${JSON.stringify(last ?? 'absent').slice(0, 1500)}`)), CEILING_MS);
  const watch = await new k8s.Watch(kc).watch(`/apis/apps/v1/namespaces/${ns}/deployments`, { fieldSelector: `metadata.name=${name}` },
    (type, object: Deployment) => check(type === 'DELETED' ? undefined : object), () => undefined);
  // The watch reports an existing object as ADDED; a missing one needs this read.
  await kc.makeApiClient(k8s.AppsV1Api).readNamespacedDeployment({ name, namespace: ns }).then(check, () => check(undefined));
  try {
    return await done;
  } finally {
    clearTimeout(timer);
    watch.abort();
  }
}

/** Every watch event on Deployments in `ns` from now on, for asserting what did not happen. */
export async function recordEvents(kc: k8s.KubeConfig, ns: string): Promise<{ events: { type: string; name: string; generation?: number }[]; stop: () => void }> {
  const events: { type: string; name: string; generation?: number }[] = [];
  const list = await kc.makeApiClient(k8s.AppsV1Api).listNamespacedDeployment({ namespace: ns });
  const watch = await new k8s.Watch(kc).watch(`/apis/apps/v1/namespaces/${ns}/deployments`, { resourceVersion: list.metadata?.resourceVersion },
    (type, object: Deployment) => events.push({ type, name: object.metadata?.name ?? '', generation: object.metadata?.generation }), () => undefined);
  return { events, stop: () => watch.abort() };
}
