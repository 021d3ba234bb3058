// Per-caller limits, after authentication: a request rate (a token bucket per user and per
// agent, agents with their own budget) and a cap on the watches and long-polls each holds at
// once. The admin token is exempt, as kube-apiserver exempts system:masters from its limits:
// it is the break-glass credential. Refusals are 429 with Retry-After and counted by reason.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../schemas/principal.js';
import { type BucketLimits, TokenBuckets } from '../../runtime/token-buckets.js';
import { tooManyRequests } from './errors.js';

export interface PrincipalLimitSettings {
  user: BucketLimits;
  agent: BucketLimits;
  /** Watches one user holds at once (0: any). */
  maxUserWatches: number;
  /** Long-polls one agent holds at once (0: any). */
  maxAgentLongPolls: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route holds its request open (the agents' long-poll feed). */
    longPoll?: boolean;
  }
}

export type LimitRefusal = 'rate' | 'concurrent';

/** The key of a limited caller; undefined for the admin, who is not limited. */
const keyOf = (principal: Principal | undefined): string | undefined => {
  if (principal?.kind === 'user') return `user:${principal.name}`;
  if (principal?.kind === 'agent') return `agent:${principal.syncTarget}`;
  return undefined;
};

const isWatch = (request: FastifyRequest): boolean => {
  const watch = (request.query as { watch?: unknown } | undefined)?.watch;
  return watch === 'true' || watch === '1' || request.routeOptions.config.longPoll === true;
};

export class PrincipalLimits {
  private readonly users: TokenBuckets;
  private readonly agents: TokenBuckets;
  private readonly held = new Map<string, number>();
  readonly refused: Record<LimitRefusal, number> = { rate: 0, concurrent: 0 };

  constructor(private readonly settings: PrincipalLimitSettings) {
    this.users = new TokenBuckets(settings.user);
    this.agents = new TokenBuckets(settings.agent);
  }

  /** Spends one request of the caller's rate: 0 when within it, else the seconds to wait. */
  take(principal: Principal | undefined, now = Date.now()): number {
    const key = keyOf(principal);
    if (key === undefined) return 0;
    const wait = (principal?.kind === 'agent' ? this.agents : this.users).take(key, now);
    if (wait > 0) this.refused.rate++;
    return wait;
  }

  /** The watches or long-polls the caller holds now. */
  holding(principal: Principal): number {
    return this.held.get(keyOf(principal) ?? '') ?? 0;
  }

  /** A check of the request gate, after authentication. */
  check(request: FastifyRequest, reply: FastifyReply): Error | undefined {
    const principal = request.principal;
    const key = keyOf(principal);
    if (key === undefined) return undefined;
    const wait = this.take(principal);
    if (wait > 0) {
      const who = principal?.kind === 'agent' ? 'agent of synctarget' : 'user';
      const name = principal?.kind === 'agent' ? principal.syncTarget : (principal as { name: string }).name;
      return tooManyRequests(`too many requests from ${who} "${name}": retry after ${wait}s`, wait);
    }
    if (!isWatch(request)) return undefined;
    return this.hold(key, principal?.kind === 'agent', reply);
  }

  private hold(key: string, agent: boolean, reply: FastifyReply): Error | undefined {
    const max = agent ? this.settings.maxAgentLongPolls : this.settings.maxUserWatches;
    const held = this.held.get(key) ?? 0;
    if (max > 0 && held >= max) {
      this.refused.concurrent++;
      const what = agent
        ? `long-polls of this agent (--max-agent-long-polls)`
        : `watches of this user (--max-user-watches)`;
      return tooManyRequests(`too many concurrent ${what}: at most ${max}; close one and retry`, 1);
    }
    this.held.set(key, held + 1);
    reply.raw.once('close', () => {
      const left = (this.held.get(key) ?? 1) - 1;
      if (left > 0) this.held.set(key, left);
      else this.held.delete(key);
    });
    return undefined;
  }
}
