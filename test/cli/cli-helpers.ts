// Runs the built `tmc` as an operator would: a real server process, the CLI as a separate
// process with its own $HOME (so no saved login leaks in) and no TMC_* variables but the
// ones a test sets.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { Test } from 'tap';
import { TMC_BIN, startServerProcess } from '../helpers/server-process.js';

export const ADMIN = 'cli-test-admin-token-0123456789abcdef';
export const ST_PATH = '/apis/workload.kcp.io/v1alpha1/synctargets';
/** A young object's age as kubectl prints it: 45s, 2m, 3m12s (tests on a busy machine can take minutes). */
export const YOUNG_AGE = /^(\d+s|\d+m(\d+s)?)$/;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  home?: string;
  cwd?: string;
}

/** The environment without any TMC_* setting or KUBECONFIG of the machine running the tests. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('TMC_') && key !== 'KUBECONFIG'),
  );
}

/** A new empty directory for this test (t.testdir() is one per test and wiped on each call). */
export function freshDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmc-cli-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tmc(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const env = { ...cleanEnv(), ...(options.home ? { HOME: options.home } : {}), ...options.env };
  const child = spawn(process.execPath, [TMC_BIN, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

export interface CliServer {
  url: string;
  home: string;
  /** The server's data directory, with the admin.kubeconfig it wrote. */
  dataDir: string;
  /** The CA the server made in <data-dir>/pki, unless it was given a certificate. */
  caFile?: string;
  /** `tmc` with --server and --token (and the made CA, TMC_CA_FILE) of this server in the environment. */
  run(args: string[], options?: RunOptions): Promise<RunResult>;
  /** A raw admin request, for fixtures and for checking what the CLI did. */
  http(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ statusCode: number; json: any }>;
}

export async function startCliServer(t: Test, serverArgs: string[] = []): Promise<CliServer> {
  const dir = freshDir(t);
  // A generous start-up wait: the tests run many processes side by side on small machines.
  // HTTPS as the server serves by default, with the CA it makes, unless a test gives it a certificate.
  const server = await startServerProcess(['--data-dir', dir, ...serverArgs], { TMC_ADMIN_TOKEN: ADMIN }, 90_000, {
    https: true,
  });
  t.teardown(() => server.stop('SIGKILL'));
  const home = freshDir(t);
  const madeCa = join(dir, 'pki', 'ca.crt');
  const caFile = serverArgs.includes('--tls-cert-file') || !existsSync(madeCa) ? undefined : madeCa;
  const dispatcher = caFile ? new Agent({ connect: { ca: readFileSync(caFile) } }) : undefined;
  if (dispatcher) t.teardown(() => dispatcher.close());
  const http: CliServer['http'] = async (method, path, body, token = ADMIN) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined)
      headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const reply = await request(`${server.url}${path}`, { method, headers, body: payload, dispatcher });
    const text = await reply.body.text();
    return { statusCode: reply.statusCode, json: text ? JSON.parse(text) : undefined };
  };
  const connection = { TMC_SERVER: server.url, TMC_TOKEN: ADMIN, ...(caFile ? { TMC_CA_FILE: caFile } : {}) };
  return {
    url: server.url,
    home,
    dataDir: dir,
    ...(caFile ? { caFile } : {}),
    run: (args, options = {}) => tmc(args, { home, ...options, env: { ...connection, ...options.env } }),
    http,
  };
}

/** A user error: non-zero exit, exactly one line on stderr matching `pattern`, no stack trace. */
export function assertOneLineError(t: Test, result: RunResult, pattern: RegExp, what: string): void {
  t.not(result.code, 0, `${what}: exits non-zero`);
  const lines = result.stderr.trimEnd().split('\n');
  t.equal(lines.length, 1, `${what}: one line on stderr (${JSON.stringify(result.stderr)})`);
  t.match(lines[0], pattern, `${what}: says what went wrong`);
  t.notMatch(result.stderr, /\n\s+at /, `${what}: no stack trace`);
}

export const syncTarget = (name: string, labels?: Record<string, string>, spec?: Record<string, unknown>) => ({
  apiVersion: 'workload.kcp.io/v1alpha1',
  kind: 'SyncTarget',
  metadata: { name, ...(labels ? { labels } : {}) },
  ...(spec ? { spec } : {}),
});

/** Rows of a kubectl-style table as header → cell maps (cells hold no spaces in these tests). */
export function parseTable(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trimEnd().split('\n');
  const starts: number[] = [];
  header!.replace(/\S+( \S+)*/g, (match, _g, offset: number) => {
    starts.push(offset);
    return match;
  });
  const names = starts.map((start, i) => header!.slice(start, starts[i + 1]).trim());
  return rows.map((row) =>
    Object.fromEntries(names.map((name, i) => [name, row.slice(starts[i], starts[i + 1]).trim()])),
  );
}

/** A private CA and a server certificate for 127.0.0.1 signed by it, made with openssl. */
export function makeCa(dir: string): { caCert: string; cert: string; key: string } {
  const [caKey, caCert, key, csr, cert, ext] = ['ca.key', 'ca.crt', 'tls.key', 'tls.csr', 'tls.crt', 'ext'].map((f) =>
    join(dir, f),
  ) as [string, string, string, string, string, string];
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-days', '1', '-subj', '/CN=tmc test CA', '-keyout', caKey, '-out', caCert);
  openssl('req', ...ec, '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', csr);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caCert,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    ext,
    '-out',
    cert,
  );
  return { caCert, cert, key };
}

/** Polls until `check` returns a value, saying every few seconds what it waits for. */
export async function waitFor<T>(
  t: Test,
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T | undefined> {
  const started = Date.now();
  let said = started;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) return undefined;
    if (Date.now() - said > 5_000) {
      t.comment(`still waiting for ${what} (${Math.round((Date.now() - started) / 1000)}s)`);
      said = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
