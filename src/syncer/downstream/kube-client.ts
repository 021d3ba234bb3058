// A small JSON client for the downstream API server, on undici with one keep-alive pool: the
// agent needs a handful of verbs and one watch, and wants plain JSON (as the server sends it)
// in and out. @kubernetes/client-node supplies what the kubeconfig says: the server, its TLS
// settings and the credentials (tokens, client certificates, exec plugins).
import type https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import { Agent, type Dispatcher, request } from 'undici';
import { redactUrl } from '../../lib/redact.js';

export interface KubeStatus {
  code?: number;
  reason?: string;
  message?: string;
}

/** A non-2xx answer from the downstream API server, with its Status. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';

  constructor(
    readonly statusCode: number,
    readonly status: KubeStatus,
    what: string,
  ) {
    super(`${what}: ${status.message ?? `HTTP ${statusCode}`} (${status.reason ?? statusCode})`);
  }
}

/** The downstream API server could not be reached or answered something that is not JSON. */
export class DownstreamUnavailableError extends Error {
  override readonly name = 'DownstreamUnavailableError';
}

export const hasStatus = (error: unknown, code: number): boolean =>
  error instanceof KubeApiError && error.statusCode === code;

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

// Credentials can change under a running agent (a projected service-account token is rotated
// hourly, an exec plugin's expires): they are looked up again after this long, or after a 401.
const CREDENTIALS_TTL_MS = 10_000;

export class KubeClient {
  private headers?: { value: Record<string, string>; at: number };

  private constructor(
    readonly server: string,
    private readonly dispatcher: Agent,
    readonly kubeconfig: KubeConfig,
  ) {}

  static async fromKubeConfig(kubeconfig: KubeConfig): Promise<KubeClient> {
    const cluster = kubeconfig.getCurrentCluster();
    if (!cluster)
      throw new Error('the downstream kubeconfig has no current cluster: pass --context, or fix its current-context');
    const tls: https.RequestOptions = {};
    await kubeconfig.applyToHTTPSOptions(tls);
    const dispatcher = new Agent({
      connect: {
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        ...(cluster.skipTLSVerify ? { rejectUnauthorized: false } : {}),
        ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
      },
      keepAliveTimeout: 30_000,
    });
    return new KubeClient(cluster.server.replace(/\/+$/, ''), dispatcher, kubeconfig);
  }

  private async authHeaders(fresh = false): Promise<Record<string, string>> {
    if (!fresh && this.headers && Date.now() - this.headers.at < CREDENTIALS_TTL_MS) return this.headers.value;
    const options: https.RequestOptions = {};
    await this.kubeconfig.applyToHTTPSOptions(options);
    const value: Record<string, string> = {};
    for (const [name, header] of Object.entries(options.headers ?? {}))
      if (header !== undefined) value[name] = String(header);
    if (options.auth) value.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    this.headers = { value, at: Date.now() };
    return value;
  }

  private url(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(this.server + path);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, String(value));
    return url.toString();
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions,
    bodyTimeoutMs: number,
    fresh = false,
  ): Promise<Dispatcher.ResponseData> {
    const own = await this.authHeaders(fresh);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...own };
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    try {
      const response = await request(this.url(path, options.query), {
        method: method as 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        dispatcher: this.dispatcher,
        headersTimeout: options.timeoutMs ?? 30_000,
        bodyTimeout: bodyTimeoutMs,
      });
      if (response.statusCode === 401 && !fresh) {
        await response.body.dump();
        return this.send(method, path, options, bodyTimeoutMs, true);
      }
      return response;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const server = redactUrl(this.server);
      throw new DownstreamUnavailableError(
        `downstream API server ${server} unreachable (${method} ${path}): ${(error as Error).message}`,
      );
    }
  }

  /** One call; resolves with the parsed JSON answer, throws KubeApiError for a non-2xx one. */
  async call<T = Record<string, unknown>>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options, options.timeoutMs ?? 30_000);
    const text = await response.body.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new DownstreamUnavailableError(
        `downstream API server answered ${method} ${path} with ${response.statusCode} and no JSON: ${text.slice(0, 200)}`,
      );
    }
    if (response.statusCode >= 300)
      throw new KubeApiError(response.statusCode, json as KubeStatus, `${method} ${path}`);
    return json as T;
  }

  /** A watch stream: its events until the server ends it (after timeoutSeconds), the signal aborts, or it breaks. */
  async *watch(
    path: string,
    query: RequestOptions['query'],
    signal: AbortSignal,
    timeoutSeconds: number,
  ): AsyncGenerator<WatchEvent> {
    const options = { query: { ...query, watch: true, allowWatchBookmarks: true, timeoutSeconds }, signal };
    // The server ends the watch after timeoutSeconds; a body silent for longer is a dead connection.
    const response = await this.send('GET', path, options, (timeoutSeconds + 30) * 1000);
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      let status: KubeStatus = {};
      try {
        status = JSON.parse(text) as KubeStatus;
      } catch {
        status = { message: text.slice(0, 200) };
      }
      throw new KubeApiError(response.statusCode, status, `watch ${path}`);
    }
    for await (const line of createInterface({ input: response.body, crlfDelay: Infinity })) {
      if (line.trim()) yield JSON.parse(line) as WatchEvent;
    }
  }

  /**
   * A GET whose answer is streamed as it comes, whatever its status (the tunnel passes it on):
   * `search` is a query string as a client sent it, with no body timeout (a followed log is quiet for long).
   */
  stream(path: string, search: string, accept: string | undefined, signal: AbortSignal) {
    const query = Object.fromEntries(new URLSearchParams(search));
    const headers: Record<string, string> = accept ? { accept } : {};
    return this.send('GET', path, { query, signal, headers }, 0);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
