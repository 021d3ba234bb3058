// The feed's held copies: for each (object, target) whose changes a Placement holds, what that
// target's agent keeps getting — the object as it was last delivered, or nothing when it was
// placed while held. Kept in memory for the answers and stored (an internal kind, a Secret's
// copy sealed like the Secret) so a restart, or another replica, serves the same copy: the
// live object has moved on by then. Every replica computes the same copies from the same
// change stream; writes are idempotent, so whichever replica stores one first is right.
import { createHash, randomUUID } from 'node:crypto';
import type { FeedItem } from '../schemas/agent.js';
import { HELD_ITEM_API_VERSION, HELD_ITEM_KIND, type HeldFeedItem } from '../schemas/change-hold.js';
import type { KubeObject } from '../schemas/meta.js';
import { type ListOptions, type Store, StoreError } from '../store/types.js';

/** What a held target keeps of an object: the item last delivered, or null when it never got it. */
export type Held = FeedItem | null;

const PAGE = 500;
const nameOf = (key: string, target: string): string => createHash('sha256').update(`${target}\n${key}`).digest('hex');

export class HeldItems {
  private readonly held = new Map<string, Map<string, Held>>();
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown, what: string) => void,
  ) {}

  /** Reads the stored copies (before the feed takes in the objects). */
  async load(): Promise<void> {
    let after: ListOptions['after'];
    for (;;) {
      const page = await this.store.list(HELD_ITEM_KIND, { limit: PAGE, ...(after ? { after } : {}) });
      for (const stored of page.items as unknown as HeldFeedItem[])
        this.set(stored.key, stored.target, stored.item ?? null);
      const last = page.items.at(-1);
      if (page.items.length < PAGE || !last) return;
      after = { namespace: '', name: last.metadata.name ?? '' };
    }
  }

  /** The copy `target` keeps of `key`; undefined when changes to it are not held there. */
  get(key: string, target: string): Held | undefined {
    return this.held.get(key)?.get(target);
  }

  targetsOf(key: string): string[] {
    return [...(this.held.get(key)?.keys() ?? [])];
  }

  /** Starts holding `key` before `target` with the copy it keeps. */
  hold(key: string, target: string, item: Held): void {
    this.set(key, target, item);
    const stored: HeldFeedItem = {
      apiVersion: HELD_ITEM_API_VERSION,
      kind: HELD_ITEM_KIND,
      metadata: { name: nameOf(key, target) },
      target,
      key,
      ...(item ? { item } : {}),
    };
    this.enqueue(`store the held copy of ${key} for ${target}`, () => this.put(stored));
  }

  /** Ends the hold: the target gets the object as it is now. */
  release(key: string, target: string): void {
    const targets = this.held.get(key);
    if (!targets?.delete(target)) return;
    if (targets.size === 0) this.held.delete(key);
    const name = nameOf(key, target);
    this.enqueue(`forget the held copy of ${key} for ${target}`, async () => {
      try {
        await this.store.delete({ kind: HELD_ITEM_KIND, namespace: '', name });
      } catch (error) {
        if (!(error instanceof StoreError && error.code === 'NotFound')) throw error;
      }
    });
  }

  /** Resolves once every write asked for so far is done. */
  settled(): Promise<void> {
    return this.writes;
  }

  private set(key: string, target: string, item: Held): void {
    let targets = this.held.get(key);
    if (!targets) this.held.set(key, (targets = new Map()));
    targets.set(target, item);
  }

  /** Writes run one at a time, in the order asked: a release never overtakes its hold. */
  private enqueue(what: string, write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((error: unknown) => this.onError(error, what));
  }

  private async put(stored: HeldFeedItem): Promise<void> {
    const object = stored as unknown as KubeObject;
    const metadata = { ...object.metadata, uid: randomUUID(), creationTimestamp: new Date().toISOString() };
    try {
      await this.store.create({ ...object, metadata });
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'AlreadyExists')) throw error;
      // Another replica stored the same copy, or one left from an earlier hold: this one is current.
      const existing = await this.store.get({ kind: HELD_ITEM_KIND, namespace: '', name: stored.metadata.name });
      await this.store.update({ ...object, metadata: { ...existing?.metadata, ...object.metadata } });
    }
  }
}
