// Agent tokens: a 256-bit random secret per issuance, of which the store keeps only the SHA-256.
// A token stands for one SyncTarget incarnation (its uid), so deleting the target, or deleting
// and re-creating it under the same name, ends every token issued before.
import { hash } from 'node:crypto';
import { newToken } from '../admin-token.js';
import type { SyncTargetIndex } from '../heartbeat/target-index.js';
import type { Principal, TokenVerifier } from '../schemas/principal.js';
import type { AgentTokenRecord, Store } from '../store/types.js';

/** A recognisable prefix lets secret scanners find leaked tokens, and skips lookups of garbage. */
export const AGENT_TOKEN_PREFIX = 'tmcagent_';
const TOKEN_SHAPE = /^tmcagent_[A-Za-z0-9_-]{43}$/;

// The one-shot hash: it runs on every agent request, and skips a Hash object per call.
export const tokenHash = (token: string): string => hash('sha256', token, 'hex');

/**
 * Looked-up tokens are kept so a heartbeat costs no store read. Deletion still ends a token at
 * once (the uid check below reads the in-memory index), and an issuance anywhere drops the
 * target's entries through the store's notification (`forget`), so the older tokens' new expiry
 * is read at once and they end with their grace period, however short. An entry is used unread
 * while the store confirms, within the last CACHE_MS, that every issuance up to then has been
 * announced here (always on SQLite, whose one process makes every write; on PostgreSQL while the
 * LISTEN connection hears its own pings): an agent that heartbeats every 20 s costs no read. The
 * age limit is the safety net for notifications interrupted unseen: without that confirmation, an
 * entry older than CACHE_MS is still used while one read in the background refreshes it, so a
 * busy agent never waits for the store; one older than twice that is read again first. Either
 * way a token rotated elsewhere is used at most about CACHE_MS after the store last confirmed,
 * within twice CACHE_MS of the rotation: the README states this bound.
 */
const CACHE_MS = 5_000;
const CACHE_MAX = 100_000;
/**
 * Stale entries are refreshed together, this long after the first of them was used: on
 * PostgreSQL the reads of one batch are one query (postgres-token-reads.ts), where a fleet of
 * agents would otherwise cost a query per token every CACHE_MS. Far below CACHE_MS, so the bound
 * above holds: an entry is never used unread past twice CACHE_MS.
 */
export const REFRESH_BATCH_MS = 100;

interface Cached {
  record: AgentTokenRecord;
  readAt: number;
}

export class AgentTokens implements TokenVerifier {
  private readonly cache = new Map<string, Cached>();
  /** Reads in flight, by token hash: concurrent requests with one token share one read. */
  private readonly reading = new Map<string, Promise<AgentTokenRecord | undefined>>();
  /** Moves on every `forget`: a read that began before it must not cache what it read. */
  private epoch = 0;
  /** Stale entries in use, refreshed together when the batch timer fires. */
  private readonly stale = new Set<string>();
  private refreshTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly targets: SyncTargetIndex,
    private readonly graceMs: number,
  ) {}

  /** A new token for this incarnation; the older ones stay valid for the grace period. */
  async issue(syncTarget: string, syncTargetUid: string): Promise<string> {
    const token = `${AGENT_TOKEN_PREFIX}${newToken()}`;
    const now = Date.now();
    await this.store.issueAgentToken(
      { hash: tokenHash(token), syncTarget, syncTargetUid, createdAt: now, expiresAt: null },
      now + this.graceMs,
    );
    this.forget(syncTargetUid);
    return token;
  }

  /** Drops cached tokens of a target incarnation whose tokens changed (rotated or revoked). */
  forget(syncTargetUid: string): void {
    this.epoch++;
    for (const [hash, cached] of this.cache) if (cached.record.syncTargetUid === syncTargetUid) this.cache.delete(hash);
  }

  /** Drops every cached token: the store's notifications were interrupted and may have missed an issuance. */
  forgetAll(): void {
    this.epoch++;
    this.cache.clear();
  }

  /** Synchronous when the token is cached: this runs on every agent request. */
  verify(token: string): Principal | undefined | Promise<Principal | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const hash = tokenHash(token);
    const cached = this.cache.get(hash);
    const age = cached ? Date.now() - cached.readAt : Infinity;
    if (age < CACHE_MS || (cached && this.confirmedLately())) return this.principalOf(cached!.record);
    if (age < 2 * CACHE_MS) {
      this.refreshSoon(hash); // a request after the refresh sees its result
      return this.principalOf(cached!.record);
    }
    // A token never stored is refused without a read, at once: a flood of made-up tokens costs no store work.
    if (!cached && this.store.knownTokenHashes()?.has(hash) === false) return undefined;
    return this.read(hash).then((record) => record && this.principalOf(record));
  }

  /** Whether every issuance up to a moment within CACHE_MS has been announced here (see above). */
  private confirmedLately(): boolean {
    return (this.store.tokenNoticesConfirmedAt() ?? 0) > Date.now() - CACHE_MS;
  }

  private refreshSoon(hash: string): void {
    if (this.reading.has(hash)) return;
    this.stale.add(hash);
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      // All in one tick: a store that batches lookups makes them one read.
      for (const stale of this.stale) void this.read(stale).catch(() => undefined);
      this.stale.clear();
    }, REFRESH_BATCH_MS).unref();
  }

  private read(hash: string): Promise<AgentTokenRecord | undefined> {
    let reading = this.reading.get(hash);
    if (!reading) {
      const epoch = this.epoch;
      reading = this.store
        .findAgentToken(hash)
        .then((record) => {
          this.cache.delete(hash);
          if (epoch !== this.epoch) return record; // read before a rotation: use once, never cache
          // Map order is insertion order: the first entry is the oldest one.
          if (record && this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
          if (record) this.cache.set(hash, { record, readAt: Date.now() });
          return record;
        })
        .finally(() => this.reading.delete(hash));
      this.reading.set(hash, reading);
    }
    return reading;
  }

  private principalOf(record: AgentTokenRecord): Principal | undefined {
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) return undefined;
    // The target's current incarnation, from memory: a deleted or re-created target ends the token at once.
    if (this.targets.get(record.syncTarget)?.uid !== record.syncTargetUid) return undefined;
    const { syncTarget, syncTargetUid, expiresAt } = record;
    return { kind: 'agent', syncTarget, syncTargetUid, expiresAt };
  }
}
