// The agent's view of its own objects of one kind downstream: one list, then one watch,
// across all namespaces, of the objects carrying its label, kept in a map. Every change is
// handed on (drift correction and status reports start from here). The watch resumes from
// the last version it saw; an expired version (410) or a failure starts over with a fresh
// list, whose differences are handed on too, so nothing that happened while the watch was
// down is missed.
import type { Logger } from 'pino';
import { Backoff, sleep } from '../backoff.js';
import { hasStatus, type KubeClient } from './kube-client.js';
import { isOwned, ownedSelector } from './ownership.js';
import { grantHint } from './permissions.js';
import { groupKind } from '../../schemas/apply-order.js';
import { collectionPath, type ResourceMapping } from './rest-mapper.js';
import type { KubeObject } from '../../schemas/meta.js';
import { type KubeList, objectKey } from '../types.js';

export type OwnedChange = (key: string, object: KubeObject | undefined) => void;

export class OwnedKind {
  private objects = new Map<string, KubeObject>();
  private markSynced!: () => void;
  readonly synced = new Promise<void>((resolve) => (this.markSynced = resolve));
  private watchAbort?: AbortController;
  private relistRequested = false;
  private readonly path: string;
  private readonly groupKind: string;

  constructor(
    readonly mapping: ResourceMapping,
    private readonly client: KubeClient,
    private readonly target: string,
    private readonly log: Logger,
    private readonly onChange: OwnedChange,
  ) {
    this.path = collectionPath(mapping);
    this.groupKind = groupKind(mapping.apiVersion, mapping.kind);
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }

  get size(): number {
    return this.objects.size;
  }

  /** Starts over with a fresh list: the periodic safety net against a watch that silently lost events. */
  relist(): void {
    this.relistRequested = true;
    this.watchAbort?.abort();
  }

  private set(key: string, object: KubeObject | undefined): void {
    // Labelled but not marked as the agent's (someone copied the label): not the agent's to touch.
    const owned = object && isOwned(object, this.target) ? object : undefined;
    const previous = this.objects.get(key);
    if (!owned && !previous) return;
    if (owned && previous?.metadata.resourceVersion === owned.metadata.resourceVersion) return;
    if (owned) this.objects.set(key, owned);
    else this.objects.delete(key);
    this.onChange(key, owned);
  }

  private async list(signal: AbortSignal): Promise<string> {
    const items: KubeObject[] = [];
    let next: string | undefined;
    let version = '';
    do {
      const query = { labelSelector: ownedSelector(this.target), limit: 500, continue: next };
      const page = await this.client.call<KubeList>('GET', this.path, { query, signal });
      // List items come without apiVersion and kind; the health interpreter needs them.
      const { apiVersion, kind } = this.mapping;
      items.push(...page.items.map((item) => ({ ...item, apiVersion, kind })));
      version ||= page.metadata?.resourceVersion ?? '';
      next = page.metadata?.continue || undefined;
    } while (next);
    const seen = new Set(items.map((item) => objectKey(this.groupKind, item)));
    for (const key of [...this.objects.keys()]) if (!seen.has(key)) this.set(key, undefined);
    for (const item of items) this.set(objectKey(this.groupKind, item), item);
    this.markSynced();
    return version;
  }

  private async watch(version: string, signal: AbortSignal): Promise<string | undefined> {
    this.watchAbort = new AbortController();
    const stop = AbortSignal.any([signal, this.watchAbort.signal]);
    // As client-go does: 5 to 10 minutes, so many agents' watches do not all end together.
    const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
    const query = { labelSelector: ownedSelector(this.target), resourceVersion: version };
    for await (const event of this.client.watch(this.path, query, stop, timeoutSeconds)) {
      const object = event.object as unknown as KubeObject;
      if (event.type === 'ERROR') {
        const code = (event.object as { code?: number }).code;
        if (code === 410) return undefined;
        const message = (event.object as { message?: string }).message ?? code;
        throw new Error(`the watch of owned ${this.mapping.resource} failed: ${message}`);
      }
      version = object.metadata?.resourceVersion ?? version;
      if (event.type === 'BOOKMARK') continue;
      this.set(objectKey(this.groupKind, object), event.type === 'DELETED' ? undefined : object);
    }
    return version;
  }

  /** Lists and watches until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ baseMs: 500, maxMs: 30_000, jitter: 0.3 });
    let version: string | undefined;
    while (!signal.aborted) {
      try {
        if (this.relistRequested || !version) {
          this.relistRequested = false;
          version = await this.list(signal);
        }
        version = await this.watch(version, signal);
        backoff.reset();
      } catch (error) {
        if (signal.aborted) break;
        if (this.relistRequested) continue;
        version = undefined;
        if (hasStatus(error, 410)) continue;
        const wait = backoff.next();
        const said = (error as Error).message;
        const hint = grantHint(hasStatus(error, 403) ? 403 : undefined, said, this.mapping.group);
        const fields = {
          event: 'watch-failed',
          kind: this.groupKind,
          retryInMs: wait,
          err: said,
          ...(hint && { hint }),
        };
        this.log.warn(fields, 'the watch of owned objects failed: listing again');
        await sleep(wait, signal);
      }
    }
  }
}
