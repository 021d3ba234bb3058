// What the mirror knows of kcp's health: whether it answers, which SyncTargets are not mirrored
// and why, and the CRD check that every reconcile passes first. While kcp fails, reconciles
// share one failed check for a second instead of each asking kcp, so an outage with thousands
// of queued names costs about one probe a second.
import type * as k8s from '@kubernetes/client-node';
import type { FastifyBaseLogger } from 'fastify';
import { redactUrl } from '../lib/redact.js';
import { type KcpClient, statusCodeOf } from './client.js';
import { ensureApiBinding } from './api-export.js';
import { ensureCrd } from './crd.js';
import { type MirrorFailure, describeFailure, isUnreachable } from './errors.js';

const PROBE_MS = 1_000;

export class KcpHealth {
  private crdCheck?: { done: Promise<void>; failedAt?: number };
  private reachable = true;
  private lastFailure?: MirrorFailure;
  private readonly failing = new Map<string, MirrorFailure>();

  constructor(
    private readonly client: KcpClient,
    private readonly crd: k8s.V1CustomResourceDefinition,
    private readonly log: FastifyBaseLogger,
  ) {}

  get up(): boolean {
    return this.reachable;
  }

  /** Resolves once kcp serves SyncTargets (checked once, and again after a 404 or an outage). */
  ensureCrd(): Promise<void> {
    const check = this.crdCheck;
    if (check && (check.failedAt === undefined || Date.now() - check.failedAt < PROBE_MS)) return check.done;
    // An APIBinding to an export in kcp (--kcp-api-export), or the CRD as in plain Kubernetes.
    const client = this.client;
    const served = client.apiExport ? ensureApiBinding(client, this.log) : ensureCrd(client, this.crd, this.log);
    const next: { done: Promise<void>; failedAt?: number } = { done: served.then(() => undefined) };
    next.done.catch(() => (next.failedAt = Date.now()));
    this.crdCheck = next;
    return next.done;
  }

  /** kcp answered; `name`, when given, is mirrored. */
  succeeded(name?: string): void {
    if (!this.reachable) this.log.info({ kcp: this.client.server }, 'kcp mirror: kcp answers again');
    this.reachable = true;
    if (name !== undefined) this.failing.delete(name);
  }

  /** Records a failed reconcile of `name` and says what went wrong. */
  failed(name: string, error: unknown): MirrorFailure {
    const failure = describeFailure(error);
    this.lastFailure = failure;
    this.failing.set(name, failure);
    // A 404 may mean the CRD itself was deleted; after an outage kcp may have lost it too.
    if (statusCodeOf(error) === 404 || isUnreachable(error)) this.crdCheck = undefined;
    if (isUnreachable(error) && this.reachable) {
      this.reachable = false;
      const kcp = redactUrl(this.client.server);
      this.log.warn({ kcp, error: failure.message }, 'kcp mirror: kcp is unreachable; retrying with back-off');
    }
    return failure;
  }

  reset(): void {
    this.crdCheck = undefined;
    this.failing.clear();
  }

  describe(): string {
    const where = `kcp at ${redactUrl(this.client.server)}`;
    if (!this.reachable)
      return `${where} is unreachable (${this.lastFailure?.message}); retrying, the server keeps serving`;
    if (this.failing.size > 0)
      return `${this.failing.size} SyncTarget(s) not mirrored into ${where}; last error: ${this.lastFailure?.message}`;
    return `mirroring into ${where}`;
  }
}
