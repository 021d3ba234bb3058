// A small fleet for the dashboard tests: a real `tmc server` process, SyncTargets whose agents
// heartbeat until stopped, and a Deployment placed on some of them, all through HTTP.
import type { Test } from 'tap';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

export const ADMIN = 'dashboard-test-admin-token-0123456789';
export const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const SHOP = '/apis/apps/v1/namespaces/shop/deployments';
const PLACEMENTS = '/apis/scheduling.kcp.io/v1alpha1/namespaces/shop/placements';

/** Short heartbeat timings: a silent agent's target turns Unknown within seconds. */
const SERVER_ARGS = ['--heartbeat-threshold', '3s', '--heartbeat-interval', '1s', '--heartbeat-flush-interval', '1s'];

export class Fleet {
  private readonly beating = new Map<string, NodeJS.Timeout>();
  private readonly tokens = new Map<string, string>();

  private constructor(
    public server: ServerProcess,
    private readonly dataDir: string,
  ) {}

  static async start(t: Test): Promise<Fleet> {
    const dataDir = t.testdir();
    const server = await startServerProcess(['--data-dir', dataDir, ...SERVER_ARGS], { TMC_ADMIN_TOKEN: ADMIN });
    const fleet = new Fleet(server, dataDir);
    t.teardown(async () => {
      for (const name of [...fleet.beating.keys()]) fleet.silence(name);
      await fleet.server.stop();
    });
    return fleet;
  }

  get url(): string {
    return this.server.url;
  }

  async call(method: string, path: string, body?: unknown, token = ADMIN): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    const type = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    if (body !== undefined) headers['content-type'] = type;
    const payload = body === undefined ? {} : { body: JSON.stringify(body) };
    const reply = await fetch(`${this.url}${path}`, { method, headers, ...payload });
    const text = await reply.text();
    return { status: reply.status, json: text ? JSON.parse(text) : undefined };
  }

  async ok(method: string, path: string, body?: unknown, token = ADMIN): Promise<any> {
    const reply = await this.call(method, path, body, token);
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.json)}`);
    return reply.json;
  }

  /** A SyncTarget with an agent token; its agent starts heartbeating only when `beat` is called. */
  async target(name: string, labels: Record<string, string>): Promise<void> {
    const object = { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name, labels } };
    await this.ok('POST', ST, object);
    this.tokens.set(name, (await this.ok('POST', `${ST}/${name}/tokens`)).token);
  }

  /** The agent of `name` heartbeats every half second (its capacity included) until silenced. */
  async beat(name: string): Promise<void> {
    const capacity = { cpu: '8', memory: '32Gi', pods: '110' };
    const body = { syncerVersion: 'v0.1.0', kubernetesVersion: 'v1.33.1', capacity };
    const once = () => this.ok('POST', `${ST}/${name}/heartbeat`, body, this.tokens.get(name));
    await once();
    this.beating.set(
      name,
      setInterval(() => void once().catch(() => {}), 500),
    );
  }

  /** The agent token `target` issued for `name` (the one its agent heartbeats with). */
  tokenOf(name: string): string {
    return this.tokens.get(name)!;
  }

  silence(name: string): void {
    clearInterval(this.beating.get(name));
    this.beating.delete(name);
  }

  /**
   * Deployment shop/web and StatefulSet shop/db, placed on env=prod targets; web's registry overridden in region=eu.
   */
  async workload(): Promise<void> {
    await this.ok('POST', SHOP, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
        },
      },
    });
    await this.ok('POST', '/apis/apps/v1/namespaces/shop/statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } },
      },
    });
    await this.ok('POST', PLACEMENTS, {
      apiVersion: 'scheduling.kcp.io/v1alpha1',
      kind: 'Placement',
      metadata: { name: 'prod' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { app: 'web' } } },
          { apiVersion: 'apps/v1', kind: 'StatefulSet', names: ['db'] },
        ],
        syncTargetSelector: { matchLabels: { env: 'prod' } },
      },
    });
    await this.ok('POST', '/apis/scheduling.kcp.io/v1alpha1/namespaces/shop/overrides', {
      apiVersion: 'scheduling.kcp.io/v1alpha1',
      kind: 'Override',
      metadata: { name: 'eu-registry' },
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', names: ['web'] }],
        targetSelector: { matchLabels: { region: 'eu' } },
        changes: [{ image: { registry: 'registry.eu.example' } }],
      },
    });
  }

  /** The targets shop/web is placed on, by name. */
  async placements(): Promise<string[]> {
    const web = await this.ok('GET', `${SHOP}/web`);
    return ((web.status?.syncTargets ?? []) as { name: string }[]).map((entry) => entry.name).sort();
  }

  /** The agent of `name` reports StatefulSet shop/db applied and healthy. */
  async dbApplied(name: string): Promise<void> {
    const report = {
      observedGeneration: 1,
      state: 'Applied',
      status: { readyReplicas: 1 },
      health: { state: 'Healthy', reason: 'RolledOut' },
    };
    await this.ok('PUT', `${ST}/${name}/statefulsets.apps/shop/db/status`, report, this.tokens.get(name));
  }

  /** The agent of `name` reports shop/web applied, every pod up. */
  async applied(name: string): Promise<void> {
    const status = { replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 };
    const report = { observedGeneration: 1, state: 'Applied', status };
    await this.ok('PUT', `${ST}/${name}/deployments/shop/web/status`, report, this.tokens.get(name));
  }

  /** Stops the server (the page loses it), then starts it again on the same port and data. */
  async stop(): Promise<void> {
    await this.server.stop();
  }

  async restart(): Promise<void> {
    const port = new URL(this.url).port;
    const args = ['--data-dir', this.dataDir, ...SERVER_ARGS, '--port', port];
    this.server = await startServerProcess(args, { TMC_ADMIN_TOKEN: ADMIN });
  }
}
