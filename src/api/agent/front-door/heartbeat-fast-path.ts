// The heartbeat's fast path. Heartbeats are nearly all of the agents' requests, and an ordinary
// one (its agent's own cached token, a JSON body the schema accepts) needs none of Fastify's
// request cycle: routing, hooks, a logger and a reply object per request cost more than the
// heartbeat itself. Such a heartbeat is answered here with the effect, answer and metrics of
// the route in heartbeat.ts. Everything else goes to that route, which alone says what is
// wrong: a request judged by its headers is left to Fastify unread, and one whose body turns
// out not to be ordinary is replayed into Fastify, so no refusal is written twice.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Heartbeats, HeartbeatOutcome } from '../../../heartbeat/heartbeats.js';
import type { HeartbeatMetrics } from '../../../heartbeat/metrics.js';
import { type Metrics, recordRequest } from '../../../metrics.js';
import type { HeartbeatResponse } from '../../../schemas/agent.js';
import type { AgentPrincipal, TokenVerifier } from '../../../schemas/principal.js';
import type { PrincipalLimits } from '../../http/principal-limits.js';
import type { AddressFailures } from '../../../runtime/address-failures.js';
import { admission, bearerToken, stillValid } from '../../http/auth.js';
import type { HeartbeatBodies } from '../heartbeat-bodies.js';
import type { FrontDoor } from './http-server.js';
import { HEARTBEAT_ROUTE } from '../heartbeat.js';
import { type ReplayedAnswer, replayInto } from './replay.js';
import { mediaTypeOf } from '../../../lib/media-type.js';
import { safeRequestId } from '../../../lib/request-id.js';

export interface HeartbeatFastPathOptions {
  tokens: TokenVerifier;
  /** An address refused for its failed authentications is left to Fastify's refusal, unverified. */
  failures: AddressFailures;
  /** An agent over its request rate is left to Fastify's refusal too. */
  limits: PrincipalLimits;
  /** Each target's last accepted body, shared with the route. */
  bodies: HeartbeatBodies;
  heartbeats: Heartbeats;
  heartbeatMetrics: HeartbeatMetrics;
  httpMetrics: Metrics;
  intervalMs: number;
  bodyLimit: number;
  /** Fastify's router limit on a path parameter: a longer name is the router's to refuse. */
  maxParamLength: number;
  /** Sends a request whose body was read through Fastify's route (app.inject). */
  replay(request: IncomingMessage, body: Buffer): Promise<ReplayedAnswer>;
}

const SUFFIX = '/heartbeat';
/** A body slower than this may have outlived what the headers were judged by (see answer). */
const SLOW_BODY_MS = 1_000;
const JSON_TYPE = 'application/json; charset=utf-8';

// The exact header first: what agents send, and no string to build.
const isJson = (contentType: string | undefined): boolean =>
  contentType === 'application/json' || mediaTypeOf(contentType) === 'application/json';

export class HeartbeatFastPath implements FrontDoor {
  private readonly prefix: string;
  private closing = false;
  private timeMs = 0;
  private timeText = '';

  /** The answer up to the server time (ASCII, like the time: its length is its byte count). */
  private readonly answerPrefix: string;

  constructor(private readonly options: HeartbeatFastPathOptions) {
    this.prefix = HEARTBEAT_ROUTE.slice(0, -`:name${SUFFIX}`.length);
    const shape: HeartbeatResponse = { heartbeatIntervalSeconds: options.intervalMs / 1000, serverTime: '' };
    this.answerPrefix = JSON.stringify(shape).slice(0, -'"}'.length);
  }

  /** From now on every request goes to Fastify, which answers 503 while the app closes. */
  close(): void {
    this.closing = true;
  }

  serve(request: IncomingMessage, response: ServerResponse): boolean {
    const agent = this.ordinaryHeartbeat(request);
    if (agent === undefined) return false;
    const started = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client gone before its body arrived: nothing to answer.
    request.on('error', () => undefined);
    request.on('end', () => {
      this.answer(request, response, agent, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), started);
    });
    return true;
  }

  /** The agent sending a heartbeat that needs nothing from Fastify, judged by its headers alone. */
  private ordinaryHeartbeat(request: IncomingMessage): AgentPrincipal | undefined {
    if (this.closing || request.method !== 'POST') return undefined;
    const url = request.url ?? '';
    if (!url.startsWith(this.prefix) || !url.endsWith(SUFFIX)) return undefined;
    const name = url.slice(this.prefix.length, -SUFFIX.length);
    // Escapes, a query or another path segment: Fastify's router decides what that means.
    if (!name || name.length > this.options.maxParamLength || /[/?#%]/.test(name)) return undefined;
    const headers = request.headers;
    // An id the server would not echo: the route makes one up.
    if (headers['x-request-id'] !== undefined && safeRequestId(headers['x-request-id']) === undefined) return undefined;
    if (!isJson(headers['content-type']) || headers['transfer-encoding'] !== undefined) return undefined;
    const length = Number(headers['content-length']);
    if (!(length > 0 && length <= this.options.bodyLimit)) return undefined;
    const token = bearerToken(headers.authorization);
    if (token === undefined) return undefined;
    if (this.options.failures.retryAfter(request.socket.remoteAddress ?? '') > 0) return undefined;
    const principal = this.options.tokens.verify(token);
    if (principal instanceof Promise) {
      // Not cached: Fastify's auth hook waits for this same read (reads in flight are shared).
      principal.catch(() => undefined);
      return undefined;
    }
    // The routes' own decision; an admin's heartbeat is left to the route, which logs it.
    if (principal?.kind !== 'agent' || admission(principal, 'agent', name) !== undefined) return undefined;
    if (this.options.limits.take(principal) > 0) return undefined;
    return principal;
  }

  private answer(
    request: IncomingMessage,
    response: ServerResponse,
    agent: AgentPrincipal,
    raw: Buffer,
    started: number,
  ): void {
    const name = agent.syncTarget;
    // The token ended while the body was on its way, or may have (a body that took long): the
    // route judges the token afresh and says what is wrong.
    const slow = performance.now() - started > SLOW_BODY_MS;
    if (slow || !stillValid(agent)) return void this.replay(request, response, raw);
    const report = this.options.bodies.accepted(name, raw);
    let outcome: ReturnType<Heartbeats['receive']>;
    try {
      // Only the incarnation the token was issued for: a target re-created meanwhile is not it.
      if (report) outcome = this.options.heartbeats.receive(name, report, agent.syncTargetUid);
    } catch {
      // Left to the route, below: it runs the heartbeat again (one may be repeated) and says what failed.
    }
    if (outcome instanceof Promise)
      void outcome.then(
        (settled) => this.settle(request, response, name, raw, settled, started),
        () => this.replay(request, response, raw),
      );
    else this.settle(request, response, name, raw, outcome, started);
  }

  private settle(
    request: IncomingMessage,
    response: ServerResponse,
    name: string,
    raw: Buffer,
    outcome: HeartbeatOutcome | undefined,
    started: number,
  ): void {
    if (!outcome) {
      // No such target, or another incarnation (deleted while the body was on its way): keep nothing for it.
      this.options.bodies.forget(name);
      return void this.replay(request, response, raw);
    }
    try {
      this.reply(request, response, outcome, started);
    } catch (error) {
      // Outside Fastify nothing else would catch it: a fault here costs one connection, not the process.
      response.destroy(error as Error);
    }
  }

  private reply(request: IncomingMessage, response: ServerResponse, outcome: HeartbeatOutcome, started: number): void {
    // The route's answer, written out: this runs for nearly every request the server gets.
    const payload = `${this.answerPrefix}${this.serverTime()}"}`;
    const requestId = request.headers['x-request-id'];
    // The route makes up a request id to name its log lines; this path logs nothing, so it only
    // echoes the agent's own.
    response.writeHead(
      200,
      requestId === undefined
        ? { 'content-type': JSON_TYPE, 'content-length': payload.length }
        : { 'content-type': JSON_TYPE, 'content-length': payload.length, 'x-request-id': requestId },
    );
    response.end(payload);
    this.options.heartbeatMetrics.received.inc({ result: outcome });
    recordRequest(this.options.httpMetrics, 'POST', HEARTBEAT_ROUTE, 200, (performance.now() - started) / 1000);
  }

  /** The time as ISO 8601, made once per millisecond: thousands of answers a second share it. */
  private serverTime(): string {
    const now = Date.now();
    if (now !== this.timeMs) {
      this.timeMs = now;
      this.timeText = new Date(now).toISOString();
    }
    return this.timeText;
  }

  private replay(request: IncomingMessage, response: ServerResponse, raw: Buffer): Promise<void> {
    return replayInto(this.options.replay, request, response, raw);
  }
}
