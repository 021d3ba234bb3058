// The agent's view of all its objects downstream: one list-and-watch (owned-kind.ts) per kind
// it syncs, found through the REST mapper. A kind the cluster does not serve is skipped with a
// warning (an older cluster without autoscaling/v2); a kind outside the synced list that a
// feed item names gets its watch when first met, so its drift is reverted too.
import type { Logger } from 'pino';
import { Backoff, sleep } from '../backoff.js';
import type { KubeClient } from './kube-client.js';
import { groupKind, SYNCED_KINDS } from '../../schemas/apply-order.js';
import { type OwnedChange, OwnedKind } from './owned-kind.js';
import { NoKindMatchError, type ResourceMapping, type RestMapper } from './rest-mapper.js';
import type { KubeObject } from '../../schemas/meta.js';
import { splitKey } from '../types.js';

export type { OwnedChange } from './owned-kind.js';

export class OwnedObjects {
  private readonly kinds = new Map<string, OwnedKind>();
  private signal?: AbortSignal;
  private readonly runs: Promise<void>[] = [];
  private markSynced!: () => void;
  /** Resolves once every synced kind has been listed (or found not served). */
  readonly synced = new Promise<void>((resolve) => (this.markSynced = resolve));

  constructor(
    private readonly client: KubeClient,
    private readonly mapper: RestMapper,
    private readonly target: string,
    private readonly log: Logger,
    private readonly onChange: OwnedChange,
  ) {}

  get(key: string): KubeObject | undefined {
    return this.kinds.get(splitKey(key).groupKind)?.get(key);
  }

  /** Where the kind of `key` is served, once its watch runs. */
  mappingOf(key: string): ResourceMapping | undefined {
    return this.kinds.get(splitKey(key).groupKind)?.mapping;
  }

  keys(): string[] {
    return [...this.kinds.values()].flatMap((kind) => kind.keys());
  }

  get size(): number {
    return [...this.kinds.values()].reduce((sum, kind) => sum + kind.size, 0);
  }

  relist(): void {
    for (const kind of this.kinds.values()) kind.relist();
  }

  /** Starts watching the kind of `mapping` when nothing watches it yet. */
  watch(mapping: ResourceMapping): OwnedKind {
    const key = groupKind(mapping.apiVersion, mapping.kind);
    let kind = this.kinds.get(key);
    if (!kind) {
      kind = new OwnedKind(mapping, this.client, this.target, this.log, this.onChange);
      this.kinds.set(key, kind);
      if (this.signal && !this.signal.aborted) this.runs.push(kind.run(this.signal));
    }
    return kind;
  }

  /** Lists and watches every synced kind until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    for (const kind of this.kinds.values()) this.runs.push(kind.run(signal));
    const started = await Promise.all(SYNCED_KINDS.map((k) => this.resolve(k.apiVersion, k.kind, signal)));
    const served = started.filter((mapping): mapping is ResourceMapping => mapping !== undefined);
    const watched = served.map((mapping) => this.watch(mapping));
    void Promise.all(watched.map((kind) => kind.synced)).then(() => this.markSynced());
    // Kinds added meanwhile push onto runs: wait until no more come and every one has ended.
    for (let done = 0; done < this.runs.length; done = this.runs.length) await Promise.all(this.runs.slice(done));
  }

  /** The mapping of a synced kind, retrying discovery failures; undefined when not served or stopped. */
  private async resolve(apiVersion: string, kind: string, signal: AbortSignal): Promise<ResourceMapping | undefined> {
    const backoff = new Backoff({ baseMs: 500, maxMs: 30_000, jitter: 0.3 });
    while (!signal.aborted) {
      try {
        return await this.mapper.mapping(apiVersion, kind);
      } catch (error) {
        if (error instanceof NoKindMatchError) {
          const message = `${error.message}: objects of this kind cannot be synced here`;
          this.log.warn({ event: 'kind-not-served', apiVersion, kind }, message);
          return undefined;
        }
        const wait = backoff.next();
        const err = (error as Error).message;
        const fields = { event: 'discovery-failed', apiVersion, kind, retryInMs: wait, err };
        this.log.warn(fields, 'discovery failed: retrying');
        await sleep(wait, signal);
      }
    }
    return undefined;
  }
}
