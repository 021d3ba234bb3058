// The agent's client for its three control-plane endpoints: heartbeat, the long-poll feed of
// the objects placed on its target and status reports. Every failure becomes an UpstreamError whose message
// says what to do; the loops retry those, and none of them ever reads as an empty desired set.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { type FeedAnswer, GarbageAnswerError, parseFeedAnswer } from './feed-answer.js';
import type { HeartbeatRequest } from '../../schemas/agent.js';
import { redactUrl } from '../../lib/redact.js';
import type { StatusReport } from './status-report.js';
import type { TokenFile } from './token-file.js';

export type UpstreamFailure = 'unreachable' | 'unauthorized' | 'rejected' | 'server' | 'garbage';

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';

  constructor(
    readonly kind: UpstreamFailure,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

// Node's codes for a certificate it cannot trust: the fix is --ca-file, so the message says so.
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/;

export interface UpstreamOptions {
  server: string;
  target: string;
  token: TokenFile;
  caFile?: string;
}

/** The heartbeat's body, as the server's schema defines it. */
export type HeartbeatBody = HeartbeatRequest;

export class Upstream {
  private readonly dispatcher: Agent;
  private readonly base: string;

  constructor(private readonly options: UpstreamOptions) {
    const ca = options.caFile ? readFileSync(options.caFile, 'utf8') : undefined;
    this.dispatcher = new Agent({ connect: ca ? { ca } : {}, keepAliveTimeout: 60_000 });
    this.base = `${options.server.replace(/\/+$/, '')}/apis/workload.kcp.io/v1alpha1/synctargets/${encodeURIComponent(options.target)}`;
  }

  private unreachable(error: unknown): UpstreamError {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (error as { code?: string }).code ?? '';
    const detail = cause?.message ?? (error as Error).message;
    if (CERTIFICATE_CODES.test(code)) {
      const where = redactUrl(this.options.server);
      return new UpstreamError(
        'unreachable',
        `cannot verify the TLS certificate of ${where} (${code}: ${detail}); pass --ca-file with the CA that signed it`,
      );
    }
    return new UpstreamError(
      'unreachable',
      `control plane ${redactUrl(this.options.server)} unreachable: ${detail}${code ? ` (${code})` : ''}`,
    );
  }

  private async send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    timeoutMs: number,
    signal?: AbortSignal,
    retried = false,
  ): Promise<{ status: number; json: unknown }> {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(this.base + path, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          // The only PUT, a status report: its answer (the whole object) is never read.
          ...(method === 'PUT' ? { prefer: 'return=minimal' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw this.unreachable(error);
    }
    const text = await response.body.text().catch((error: unknown) => {
      throw this.unreachable(error);
    });
    const status = response.statusCode;
    if (status === 401) {
      // The token may have been rotated under us before the file watch noticed: read it now.
      if (!retried && this.options.token.reload()) return this.send(method, path, body, timeoutMs, signal, true);
      throw new UpstreamError(
        'unauthorized',
        `the control plane refused the agent token (401): write a valid token for sync target "${this.options.target}" into ${this.options.token.path} (tmc token ${this.options.target})`,
        401,
      );
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new UpstreamError(
        status >= 500 ? 'server' : 'garbage',
        `the control plane answered ${method} ${path} with ${status} and no JSON: ${text.slice(0, 120)}`,
        status,
      );
    }
    if (status >= 500 || status === 429) {
      throw new UpstreamError(
        'server',
        `the control plane failed ${method} ${path} (${status}): ${messageOf(json)}`,
        status,
      );
    }
    if (status >= 400)
      throw new UpstreamError(
        'rejected',
        `the control plane refused ${method} ${path} (${status}): ${messageOf(json)}`,
        status,
      );
    return { status, json };
  }

  async heartbeat(body: HeartbeatBody, signal?: AbortSignal): Promise<number> {
    const { json } = await this.send('POST', '/heartbeat', body, 15_000, signal);
    const seconds = (json as { heartbeatIntervalSeconds?: unknown } | undefined)?.heartbeatIntervalSeconds;
    if (typeof seconds !== 'number' || !(seconds > 0))
      throw new UpstreamError('garbage', 'the heartbeat answer has no heartbeatIntervalSeconds');
    return seconds;
  }

  /**
   * The objects placed on the target (every kind), or 'unchanged' when the long poll ran out
   * (304). A server from before other kinds has no `/objects` (it answers an agent token 403
   * there, others 404): its `/deployments` is the feed of the one kind it places.
   */
  async feed(
    resourceVersion: string | undefined,
    timeoutSeconds: number,
    signal?: AbortSignal,
  ): Promise<FeedAnswer | 'unchanged'> {
    const query = new URLSearchParams({ timeoutSeconds: String(timeoutSeconds) });
    if (resourceVersion !== undefined) query.set('resourceVersion', resourceVersion);
    // The server holds the request up to timeoutSeconds: allow that plus time to answer.
    const timeoutMs = (timeoutSeconds + 30) * 1000;
    const poll = (path: string) => this.send('GET', `${path}?${query}`, undefined, timeoutMs, signal);
    const { status, json } = await poll('/objects').catch((error: unknown) => {
      const missing = error instanceof UpstreamError && (error.statusCode === 403 || error.statusCode === 404);
      if (missing) return poll('/deployments');
      throw error;
    });
    if (status === 304) return 'unchanged';
    if (status !== 200) throw new UpstreamError('garbage', `the feed answered ${status}, expected 200 or 304`, status);
    try {
      return parseFeedAnswer(json);
    } catch (error) {
      if (error instanceof GarbageAnswerError) throw new UpstreamError('garbage', error.message, status);
      throw error;
    }
  }

  /** `resource` as kubectl names it: "deployments.apps", "configmaps", "ingresses.networking.k8s.io". */
  async reportStatus(
    resource: string,
    namespace: string,
    name: string,
    report: StatusReport,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.send('PUT', statusPath(resource, namespace, name), report, 15_000, signal);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** Where a report goes under the target's URL: `/deployments/NS/NAME/status` for Deployments, as
 * every server takes it; `/RESOURCE.GROUP/NS/NAME/status` (`/configmaps/...`) for the other kinds. */
export function statusPath(resource: string, namespace: string, name: string): string {
  const collection = resource === 'deployments.apps' ? 'deployments' : resource;
  return `/${encodeURIComponent(collection)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/status`;
}

function messageOf(json: unknown): string {
  const message = (json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : 'no message';
}
