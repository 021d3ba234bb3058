// A live copy of one list: the list, then its watch (newline-delimited JSON events read as they
// stream in), resumed from the last resourceVersion whenever the stream ends, listed afresh on
// 410 Gone, retried with a growing pause while the server cannot be reached.
import { HttpError, apiFetch, getJson } from './api.js';

export interface KubeObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string };
}

export interface CollectionEvents {
  /** The items changed (or were listed). */
  changed(): void;
  /** Whether the last attempt to reach the server worked. */
  reachable(ok: boolean): void;
  /** The token is no longer accepted. */
  unauthorized(): void;
}

class Gone extends Error {}

const keyOf = (object: KubeObject) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Collection<T extends KubeObject> {
  readonly items = new Map<string, T>();
  /** Whether the list has been read at least once. */
  loaded = false;
  private resourceVersion = '';
  private readonly abort = new AbortController();

  /**
   * `relistMs`: list afresh this often. SyncTargets need it: the server keeps heartbeat times in
   * memory and writes them in batches without a watch event, and only a read shows the latest.
   * `pollOnly`: list every `relistMs` and hold no watch. A browser keeps at most six connections
   * to a server over HTTP/1.1: a watch for every kind would leave none for the page's own calls.
   */
  constructor(
    private readonly path: string,
    private readonly events: CollectionEvents,
    private readonly relistMs?: number,
    private readonly pollOnly = false,
  ) {}

  get all(): T[] {
    return [...this.items.values()];
  }

  start(): this {
    void this.run();
    return this;
  }

  stop(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    let pause = 250;
    while (!this.abort.signal.aborted) {
      try {
        if (!this.resourceVersion || this.pollOnly) await this.list();
        this.events.reachable(true);
        pause = 250;
        if (this.pollOnly) await sleep(this.relistMs ?? 2_000);
        else await this.watch();
      } catch (error) {
        if (this.abort.signal.aborted) return;
        if (error instanceof HttpError && error.status === 401) return this.events.unauthorized();
        if (error instanceof Gone) {
          this.resourceVersion = '';
          continue;
        }
        this.events.reachable(false);
        await sleep(pause);
        pause = Math.min(pause * 2, 4_000);
      }
    }
  }

  private async list(): Promise<void> {
    const list = await getJson<{ items: T[]; metadata: { resourceVersion: string } }>(this.path);
    this.items.clear();
    for (const item of list.items) this.items.set(keyOf(item), item);
    this.resourceVersion = list.metadata.resourceVersion;
    this.loaded = true;
    this.events.changed();
  }

  /** Returns when the server ends the watch; throws when it cannot be read. */
  private async watch(): Promise<void> {
    const query = `watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(this.resourceVersion)}`;
    const relist = new AbortController();
    const timer = this.relistMs === undefined ? undefined : setTimeout(() => relist.abort(), this.relistMs);
    try {
      const signal = AbortSignal.any([this.abort.signal, relist.signal]);
      const response = await apiFetch(`${this.path}?${query}`, { signal });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += value;
        const lines = text.split('\n');
        text = lines.pop()!;
        const events = lines.filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as WatchEvent);
        if (events.length > 0) this.apply(events);
      }
    } catch (error) {
      if (!relist.signal.aborted || this.abort.signal.aborted) throw error;
      this.resourceVersion = '';
    } finally {
      clearTimeout(timer);
    }
  }

  private apply(events: WatchEvent[]): void {
    for (const { type, object } of events) {
      if (type === 'ERROR') throw object.code === 410 ? new Gone(object.message) : new Error(object.message);
      if (object.metadata.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
      if (type === 'DELETED') this.items.delete(keyOf(object));
      else if (type !== 'BOOKMARK') this.items.set(keyOf(object), object as T);
    }
    this.events.changed();
  }
}
