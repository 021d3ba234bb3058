// The real `tmc server` and `tmc syncer` processes that the syncer e2e tests and the end-to-end
// benchmark share. Free of tap: whatever runs them hands in its own teardown (a tap Test is
// one), so a process is killed even when the run fails halfway. Waits are on conditions with a
// one-minute ceiling (two shared cores).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { runTmc } from '../helpers/server-process.js';
import { GiveUp, type Lifecycle, ST, deploymentManifest, deploymentsPath, suffix, until } from './e2e-basics.js';

export * from './e2e-basics.js';
export * from './syncer-process.js';

export interface ControlPlaneOptions {
  /** HTTPS with this certificate instead of the server's own. */
  tls?: { cert: string; key: string; ca: string };
  /** HTTPS with the server's own <data-dir>/pki; without it or `tls`, --insecure-http (tests of syncing). */
  ownPki?: boolean;
  args?: string[];
}

const tlsArgs = ({ tls, ownPki }: ControlPlaneOptions): string[] =>
  tls ? ['--tls-cert-file', tls.cert, '--tls-key-file', tls.key] : ownPki ? [] : ['--insecure-http'];

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
    const url = await until(
      'tmc server to listen',
      async () => {
        if (child.exitCode !== null) throw new GiveUp(`tmc server exited with ${child.exitCode}:\n${output()}`);
        return /tmc server listening on (\S+?)"/.exec(output())?.[1];
      },
      timeoutMs,
    );
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
  private dispatcher?: Agent;

  private constructor(
    readonly dataDir: string,
    private readonly options: ControlPlaneOptions,
  ) {
    if (options.tls) this.dispatcher = new Agent({ connect: { ca: options.tls.ca } });
  }

  static async start(t: Lifecycle, options: ControlPlaneOptions = {}): Promise<ControlPlane> {
    // A directory of its own per run: never one a server of an earlier, crashed run still holds.
    const plane = new ControlPlane(mkdtempSync(join(tmpdir(), 'tmc-syncer-e2e-')), options);
    t.teardown(async () => {
      await plane.process?.stop('SIGKILL');
      if (!t.passing() && plane.process)
        t.comment(`tmc server output (last 4000 characters):\n${plane.process.output().slice(-4000)}`);
      rmSync(plane.dataDir, { recursive: true, force: true });
    });
    await plane.restart();
    return plane;
  }

  get url(): string {
    return this.process.url;
  }
  /** The CA the server made (with `ownPki`) and the admin kubeconfig it wrote. */
  get caFile(): string {
    return join(this.dataDir, 'pki', 'ca.crt');
  }
  get kubeconfig(): string {
    return join(this.dataDir, 'admin.kubeconfig');
  }

  /** Starts the server (again) on the same data directory and port 0; the URL may change. */
  async restart(port = 0): Promise<void> {
    const tokenFile = join(this.dataDir, 'admin.token');
    writeFileSync(tokenFile, this.adminToken, { mode: 0o600 }); // the server refuses a token file others can read
    const args = [
      '--data-dir',
      this.dataDir,
      '--admin-token-file',
      tokenFile,
      ...tlsArgs(this.options),
      ...(this.options.args ?? []),
      '--port',
      String(port),
    ];
    // Two shared cores and several clusters: a start can take far longer than on a laptop.
    this.process = await startServer(args, 120_000);
    this.dispatcher ??= this.options.ownPki ? new Agent({ connect: { ca: readFileSync(this.caFile) } }) : undefined;
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    return this.process.stop(signal);
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; json: any }> {
    const response = await request(this.url + path, {
      method: method as 'GET',
      headers: {
        authorization: `Bearer ${this.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
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
    await this.ok('POST', ST, {
      apiVersion: 'workload.kcp.io/v1alpha1',
      kind: 'SyncTarget',
      metadata: { name },
      spec: {},
    });
    const tokenFile = join(this.dataDir, `${name}.agent-token`);
    await this.rotateToken(name, tokenFile);
    await this.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, {
      apiVersion: 'scheduling.kcp.io/v1alpha1',
      kind: 'Placement',
      metadata: { name: `to-${name}` },
      spec: { syncTargetNames: [name] },
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
