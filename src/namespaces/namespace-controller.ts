// The namespace controller (on the leader), as kube-controller-manager's: a Namespace marked for
// deletion (Terminating) has its contents deleted, every namespaced object of every kind the
// shared informers hold, custom resources too, and then goes itself. At start it makes the
// Namespaces that must exist: kube-apiserver's system namespaces, and each namespace that holds
// objects without one (a store from before tmc kept Namespaces), and gives each Namespace without
// it the name label (a store from before that label).
import type { FastifyBaseLogger } from 'fastify';
import type { SharedInformers } from '../runtime/shared-informers.js';
import { WorkQueue } from '../runtime/workqueue.js';
import type { KubeObject } from '../schemas/meta.js';
import { NAMESPACE_KIND, NAMESPACE_NAME_LABEL, SYSTEM_NAMESPACES, namespaceNameLabel } from '../schemas/namespace.js';
import { type Store, StoreError } from '../store/types.js';
import { namespaceObject } from './namespace-object.js';

const gone = (error: unknown): boolean =>
  error instanceof StoreError && (error.code === 'NotFound' || error.code === 'Conflict');

export class NamespaceController {
  private readonly queue: WorkQueue;
  private removeHandler?: () => void;

  constructor(
    private readonly store: Store,
    private readonly informers: SharedInformers,
    private readonly log: FastifyBaseLogger,
  ) {
    this.queue = new WorkQueue({
      process: (name) => this.finish(name),
      backoff: { baseMs: 200, maxMs: 10_000 },
      onError: (name, err, failures) =>
        this.log.warn({ err, namespace: name, failures }, 'could not delete the contents of a namespace; retrying'),
    });
  }

  async start(): Promise<void> {
    await this.provision();
    this.queue.start();
    this.removeHandler = this.informers.informer(NAMESPACE_KIND).addHandler(({ type, object }) => {
      if (type !== 'DELETED' && object.metadata.deletionTimestamp) this.queue.add(object.metadata.name!);
    });
  }

  async stop(): Promise<void> {
    this.removeHandler?.();
    await this.queue.stop();
  }

  /** The namespaced objects of every kind in `namespace`, as the informers hold them now. */
  private contents(namespace: string): KubeObject[] {
    return this.informers.kinds.flatMap((kind) =>
      [...this.informers.informer(kind).list()].filter((o) => o.metadata.namespace === namespace),
    );
  }

  /**
   * Makes the Namespaces that must exist and do not. Run on start, and by the app before it
   * serves on the replica that leads at once, so clients never see them appear.
   */
  async provision(): Promise<void> {
    await Promise.all(this.informers.kinds.map((kind) => this.informers.informer(kind).synced()));
    const namespaces = this.informers.informer(NAMESPACE_KIND);
    const used = new Set(SYSTEM_NAMESPACES);
    for (const kind of this.informers.kinds) {
      for (const object of this.informers.informer(kind).list()) {
        if (object.metadata.namespace) used.add(object.metadata.namespace);
      }
    }
    for (const name of used) {
      if (namespaces.get(name)) continue;
      try {
        await this.store.create(namespaceObject(name));
      } catch (error) {
        if (!(error instanceof StoreError && error.code === 'AlreadyExists')) throw error;
      }
    }
    for (const namespace of [...namespaces.list()]) {
      const { name, labels, resourceVersion } = namespace.metadata;
      if (labels?.[NAMESPACE_NAME_LABEL] === name) continue;
      const labelled = { ...namespace.metadata, labels: { ...labels, ...namespaceNameLabel(name!) } };
      // Changed or deleted meanwhile: that write went through the API, which labelled it.
      await this.store.update({ ...namespace, metadata: labelled }, { resourceVersion }).catch((error: unknown) => {
        if (!gone(error)) throw error;
      });
    }
  }

  /**
   * Deletes what the namespace holds, each object pinned to the uid seen; the namespace itself
   * once nothing is left. An object created meanwhile (the admission refuses new ones, but a
   * replica may not have seen the mark yet) is found on the next pass.
   */
  private async finish(name: string): Promise<void> {
    const namespace = this.informers.informer(NAMESPACE_KIND).get(name);
    if (!namespace?.metadata.deletionTimestamp) return;
    const contents = this.contents(name);
    for (const object of contents) {
      const key = { kind: object.kind, namespace: name, name: object.metadata.name! };
      await this.store.delete(key, { uid: object.metadata.uid }).catch((error: unknown) => {
        if (!gone(error)) throw error;
      });
    }
    if (contents.length > 0) return this.queue.addAfter(name, 100);
    const key = { kind: NAMESPACE_KIND, namespace: '', name };
    await this.store.delete(key, { uid: namespace.metadata.uid }).catch((error: unknown) => {
      if (!gone(error)) throw error;
    });
    this.log.info({ namespace: name }, 'namespace deleted with its contents');
  }
}
