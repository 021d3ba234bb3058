// The labels and annotations the control plane gives each namespace of the placed objects (Pod
// Security levels, a mesh's sidecar injection, what NetworkPolicies select namespaces by), applied
// downstream by server-side apply under the agent's field manager: one removed upstream is removed
// downstream, since the manager no longer applies it, while what others set there stays. A
// namespace missing downstream is made by the apply. One the feed no longer names keeps what it has:
// namespaces may hold anything, and the agent never deletes or strips them. A failed apply is
// retried with back-off; the periodic resync applies every namespace again, so a label changed
// downstream comes back.
import type { Logger } from 'pino';
import { WorkQueue } from '../../runtime/workqueue.js';
import type { FeedNamespace } from '../upstream/feed-answer.js';
import type { KubeClient } from './kube-client.js';
import { FIELD_MANAGER } from './ownership.js';

export class NamespaceMetadata {
  private wanted = new Map<string, FeedNamespace>();
  /** What was last applied to each namespace, as its JSON. */
  private readonly applied = new Map<string, string>();
  private readonly queue: WorkQueue;

  constructor(
    private readonly client: KubeClient,
    log: Logger,
  ) {
    this.queue = new WorkQueue({
      process: (name) => this.apply(name),
      concurrency: 2,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      onError: (namespace, error, failures) =>
        log.warn(
          { event: 'namespace-apply-failed', namespace, failures, err: error },
          'could not apply the labels and annotations of a namespace: retrying with back-off',
        ),
    });
  }

  start(): void {
    this.queue.start();
  }

  stop(): Promise<void> {
    return this.queue.stop();
  }

  /** Takes the namespaces of a feed answer; an answer without any (a server before them) changes nothing. */
  take(namespaces: readonly FeedNamespace[] | undefined): void {
    if (!namespaces) return;
    this.wanted = new Map(namespaces.map((namespace) => [namespace.name, namespace]));
    for (const namespace of namespaces)
      if (this.applied.get(namespace.name) !== JSON.stringify(namespace)) this.queue.add(namespace.name);
  }

  /** Applies every namespace again. */
  resync(): void {
    this.applied.clear();
    for (const name of this.wanted.keys()) this.queue.add(name);
  }

  private async apply(name: string): Promise<void> {
    const namespace = this.wanted.get(name);
    const text = JSON.stringify(namespace);
    if (!namespace || this.applied.get(name) === text) return;
    const { labels = {}, annotations = {} } = namespace;
    await this.client.call('PATCH', `/api/v1/namespaces/${name}`, {
      query: { fieldManager: FIELD_MANAGER, force: true },
      contentType: 'application/apply-patch+yaml',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, annotations } },
    });
    this.applied.set(name, text);
  }
}
