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
const ownerUids = (object: KubeObject | undefined): string[] =>
  (object?.metadata.ownerReferences ?? []).map((ref) => ref.uid);
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
    const key = queueKey(object);
    const before = ownerUids(previous);
    const after = type === 'DELETED' ? [] : ownerUids(object);
    for (const uid of before) if (!after.includes(uid)) this.unlink(uid, key);
    for (const uid of after) this.link(uid, key);
    // A new or changed set of owners is checked: one may be gone already (a manifest from elsewhere).
    if (after.length > 0 && (initial || type === 'ADDED' || after.some((uid) => !before.includes(uid)))) {
      this.queue.add(key);
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

  private async release(object: KubeObject, absent: OwnerReference[]): Promise<undefined> {
    await this.writes.release(object, new Set(absent.map((r) => r.uid)));
    return undefined;
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
      const refused = all ? await this.writes.remove(object) : await this.release(object, absent);
      if (refused) {
        this.log.warn(
          { ...fields, reason: refused },
          'every owner is gone, but the delete is refused; trying again later',
        );
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
