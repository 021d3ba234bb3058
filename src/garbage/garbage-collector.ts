// The garbage collector (on the leader), as kube-controller-manager's: an object whose owners
// (metadata.ownerReferences) are all gone is deleted, so deleting an owner deletes its
// dependents, and theirs in turn; an object that lost only some of its owners keeps the others
// and drops the references to those gone. Owners are found as owners.ts says. The collector
// keeps an index of dependents by owner uid from the shared informers of every kind, custom
// resources' too, so an owner's deletion finds its dependents without a scan.
import type { FastifyBaseLogger } from 'fastify';
import type { InformerHandler } from '../runtime/informer.js';
import { objectKey } from '../runtime/informer.js';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { WorkQueue } from '../runtime/workqueue.js';
import type { KubeObject, OwnerReference } from '../schemas/meta.js';
import { StoreError } from '../store/types.js';
import type { DependentWrites } from './dependent-writes.js';
import type { Owners } from './owners.js';

const queueKey = (object: KubeObject): string => `${object.kind}\n${objectKey(object)}`;
const NONE: readonly OwnerReference[] = [];
/** How long a dependent whose delete its kind refused (a definition whose objects remain) waits. */
const REFUSED_RETRY_MS = 30_000;
const gone = (error: unknown): boolean =>
  error instanceof StoreError && (error.code === 'NotFound' || error.code === 'Conflict');

export class GarbageCollector {
  private readonly queue: WorkQueue;
  /** Owner uid → the queue keys of the objects that name it. */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly removals: (() => void)[] = [];

  constructor(
    private readonly informers: SharedInformers,
    private readonly owners: Owners,
    private readonly writes: DependentWrites,
    private readonly log: FastifyBaseLogger,
  ) {
    this.queue = new WorkQueue({
      process: (key) => this.collect(key),
      backoff: { baseMs: 200, maxMs: 30_000 },
      onError: (key, err, failures) =>
        this.log.warn({ err, object: key.replace('\n', ' '), failures }, 'garbage collection failed; retrying'),
    });
  }

  async start(): Promise<void> {
    this.queue.start();
    const handler: InformerHandler = (change, previous, initial) =>
      this.observe(change.type, change.object, previous, initial);
    for (const kind of this.informers.kinds) this.removals.push(this.informers.informer(kind).addHandler(handler));
    this.removals.push(this.informers.onAdded((informer) => this.removals.push(informer.addHandler(handler))));
  }

  async stop(): Promise<void> {
    for (const remove of this.removals.splice(0)) remove();
    this.dependents.clear();
    await this.queue.stop();
  }

  private observe(type: string, object: KubeObject, previous: KubeObject | undefined, initial: boolean): void {
    // Most changes (status reports above all) concern objects with no owners: nothing to index.
    const before = previous?.metadata.ownerReferences ?? NONE;
    const after = type === 'DELETED' ? NONE : (object.metadata.ownerReferences ?? NONE);
    if (before.length > 0 || after.length > 0) {
      const key = queueKey(object);
      const had = new Set(before.map((ref) => ref.uid));
      const has = new Set(after.map((ref) => ref.uid));
      for (const uid of had) if (!has.has(uid)) this.unlink(uid, key);
      for (const uid of has) this.link(uid, key);
      // A new or changed set of owners is checked: one may be gone already (a manifest from elsewhere).
      if (has.size > 0 && (initial || type === 'ADDED' || [...has].some((uid) => !had.has(uid)))) this.queue.add(key);
    }
    if (type === 'DELETED' && object.metadata.uid) {
      for (const dependent of this.dependents.get(object.metadata.uid) ?? []) this.queue.add(dependent);
    }
  }

  private link(uid: string, key: string): void {
    let keys = this.dependents.get(uid);
    if (!keys) this.dependents.set(uid, (keys = new Set()));
    keys.add(key);
  }

  private unlink(uid: string, key: string): void {
    const keys = this.dependents.get(uid);
    keys?.delete(key);
    if (keys?.size === 0) this.dependents.delete(uid);
  }

  private async collect(key: string): Promise<void> {
    const [kind, cacheKey] = key.split('\n') as [string, string];
    const object = this.informers.find(kind)?.get(cacheKey);
    // Gone, without owners, or already on its way out (a Namespace emptied by its controller).
    if (!object?.metadata.ownerReferences?.length || object.metadata.deletionTimestamp) return;
    const { absent, all } = await this.owners.absent(object);
    if (absent.length === 0) return;
    const fields = { kind, object: cacheKey, owners: absent.map((r) => `${r.kind}/${r.name}`) };
    try {
      if (!all) await this.writes.release(object, new Set(absent.map((r) => r.uid)));
      const refused = all ? await this.writes.remove(object) : undefined;
      if (refused) {
        const why = 'every owner is gone, but the delete is refused; trying again later';
        this.log.warn({ ...fields, reason: refused }, why);
        return this.queue.addAfter(key, REFUSED_RETRY_MS);
      }
    } catch (error) {
      // Changed or deleted meanwhile: its change queues it again if it still needs collecting.
      if (gone(error)) return;
      throw error;
    }
    this.log.info(fields, all ? 'deleted: every owner is gone' : 'dropped the references to owners that are gone');
  }
}
