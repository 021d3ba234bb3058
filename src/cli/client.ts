// The admin commands' HTTP client (undici). Every failure becomes one line that says what to
// do: an unreachable server, an untrusted certificate, or the server's own Status.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { redactUrl } from '../lib/redact.js';
import type { KubeObject } from '../schemas/meta.js';
import type { Connection } from './connection.js';
import { ApiStatusError, CliError, hintFor, type KubeStatus } from './errors.js';

export const JSON_TYPE = 'application/json';
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

interface ObjectList {
  metadata?: { resourceVersion?: string; continue?: string };
  items: KubeObject[];
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function errorCode(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.cause?.code ?? e.code ?? '';
}

function connectionError(server: string, error: unknown): CliError {
  const code = errorCode(error);
  const detail = code || (error as Error).message;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
    return new CliError(
      `cannot verify the TLS certificate of ${server} (${code}): pass --ca-file with the CA that signed it, or --kubeconfig with the server's admin.kubeconfig`,
    );
  }
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new CliError(
      `TLS handshake with ${server} failed (${code}): does the server serve plain HTTP? Then use an http:// URL`,
    );
  }
  const why = UNREACHABLE.has(code)
    ? 'check --server / TMC_SERVER and that the server is running'
    : 'check --server / TMC_SERVER';
  return new CliError(`cannot reach the tmc server at ${server} (${detail}): ${why}`);
}

function statusError(statusCode: number, text: string, method: string, url: string): ApiStatusError {
  let status: KubeStatus | undefined;
  try {
    status = JSON.parse(text) as KubeStatus;
  } catch {
    status = undefined;
  }
  if (status?.kind !== 'Status') {
    status = {
      reason: String(statusCode),
      message: `${method} ${url} answered ${statusCode} without a Kubernetes Status: is --server a tmc server?`,
    };
  }
  return new ApiStatusError(statusCode, status, hintFor(statusCode, status.message));
}

export class ApiClient {
  // A dispatcher of its own, closed when the command is done, so no idle keep-alive socket
  // keeps the process waiting.
  private readonly dispatcher: Agent;

  constructor(readonly connection: Connection) {
    let ca: Buffer | string | undefined = connection.caPem;
    if (ca === undefined && connection.caFile) {
      try {
        ca = readFileSync(connection.caFile);
      } catch (error) {
        throw new CliError(`cannot read --ca-file ${connection.caFile}: ${(error as Error).message}`);
      }
    }
    this.dispatcher = new Agent(ca ? { connect: { ca } } : {});
  }

  async call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType = JSON_TYPE,
  ): Promise<T> {
    const url = `${this.connection.server}${path}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.connection.token}`, accept: JSON_TYPE };
    if (body !== undefined) headers['content-type'] = contentType;
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.dispatcher,
      });
    } catch (error) {
      throw connectionError(redactUrl(this.connection.server), error);
    }
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw statusError(response.statusCode, text, method, redactUrl(url));
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A GET whose body is read as it arrives (a followed log); ends when the server ends it or `signal` aborts. */
  async stream(path: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    const url = `${this.connection.server}${path}`;
    const headers = { authorization: `Bearer ${this.connection.token}` };
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, { method: 'GET', headers, dispatcher: this.dispatcher, signal, bodyTimeout: 0 });
    } catch (error) {
      throw connectionError(redactUrl(this.connection.server), error);
    }
    if (response.statusCode >= 300) throw statusError(response.statusCode, await response.body.text(), 'GET', url);
    return response.body;
  }

  get = (path: string): Promise<KubeObject> => this.call('GET', path);
  create = (path: string, object: unknown): Promise<KubeObject> => this.call('POST', path, object);
  patch = (path: string, patch: unknown): Promise<KubeObject> => this.call('PATCH', path, patch, MERGE_PATCH_TYPE);
  delete = (path: string): Promise<KubeObject> => this.call('DELETE', path);

  /** Every item of a collection, following `continue` through the pages. */
  async list(
    path: string,
    labelSelector?: string,
    pageSize = 500,
  ): Promise<{ items: KubeObject[]; resourceVersion?: string }> {
    const items: KubeObject[] = [];
    let token: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (labelSelector) query.set('labelSelector', labelSelector);
      if (token) query.set('continue', token);
      const page = await this.call<ObjectList>('GET', `${path}?${query}`);
      items.push(...page.items);
      resourceVersion ??= page.metadata?.resourceVersion;
      token = page.metadata?.continue;
    } while (token);
    return { items, resourceVersion };
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** Runs one command's calls over one client, and always releases its connections. */
export async function withClient<T>(connection: Connection, work: (client: ApiClient) => Promise<T>): Promise<T> {
  const client = new ApiClient(connection);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}
