// Watches of list routes (?watch=true): the store's change feed, filtered to one kind, namespace
// and selectors, streamed as Kubernetes watch events. The listener is attached before the
// starting point is read, and changes that arrive meanwhile wait in a bounded queue, so nothing
// between the starting point and the live feed is lost; versions already covered are skipped.
// Works alike on every replica: the store's onChange delivers the writes of all of them in order.
// Objects go out as gets and lists show them (watch-present.ts), and a label selector's watch
// hears of objects entering and leaving the selection (watch-selection.ts).
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { KubeObject } from '../../schemas/meta.js';
import { type Requirement, matches } from '../../lib/label-selector.js';
import { type FieldRequirement, fieldsMatch } from '../../lib/field-selector.js';
import { type Change, type Store, StoreError } from '../../store/types.js';
import { type WatchEventType, WatchStream } from './watch-stream.js';
import { OrderedEvents, type PresentHook } from './watch-present.js';
import { Selection } from './watch-selection.js';

export interface WatchSettings {
  /** How often a watch that allows bookmarks gets one. */
  bookmarkIntervalMs: number;
  /** How long a watch lasts when the client gives no timeoutSeconds. */
  defaultTimeoutSeconds: number;
  /** Unread bytes after which a watcher is cut off. */
  maxBufferedBytes: number;
  /** Changes held while a watch reads its starting point, after which it is cut off. */
  maxQueuedChanges: number;
}

export const WATCH_DEFAULTS: WatchSettings = {
  bookmarkIntervalMs: 60_000,
  defaultTimeoutSeconds: 1800,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxQueuedChanges: 10_000,
};

export interface WatchTarget {
  kind: string;
  apiVersion: string;
  /** undefined: all namespaces (or a cluster-scoped kind). */
  namespace: string | undefined;
  labels: Requirement[];
  fields: FieldRequirement[];
  /** undefined: start with ADDED events of the current objects. */
  resourceVersion: number | undefined;
  timeoutSeconds: number | undefined;
  bookmarks: boolean;
  /** What an event carries for an object: the object itself, or a Table row of it. */
  encode: (object: KubeObject) => unknown;
  /** The kind's hook that shows objects as gets and lists do. */
  present?: PresentHook;
}

const PAGE = 500;

/** The open watches of one server, so that closing it ends them rather than waits for them. */
export class OpenWatches {
  private readonly streams = new Set<WatchStream>();

  constructor(readonly settings: WatchSettings) {}

  add(stream: WatchStream): void {
    this.streams.add(stream);
    stream.whenClosed(() => this.streams.delete(stream));
  }

  /** Ends every watch; its clients reconnect, to this server when it is back or to another replica. */
  endAll(): void {
    for (const stream of [...this.streams]) stream.end();
  }
}

export function serveWatch(
  store: Store,
  watches: OpenWatches,
  log: FastifyBaseLogger,
  target: WatchTarget,
  reply: FastifyReply,
): void {
  const { settings } = watches;
  const stream = new WatchStream(reply.raw, settings.maxBufferedBytes, (buffered) => {
    log.warn({ kind: target.kind, buffered }, 'watch: the client does not keep up; closing its watch');
  });
  watches.add(stream);
  const wanted = (object: KubeObject) =>
    object.kind === target.kind &&
    (target.namespace === undefined || object.metadata.namespace === target.namespace) &&
    matches(target.labels, object.metadata.labels) &&
    fieldsMatch(target.fields, object);
  const selection = new Selection(target.labels.length > 0, wanted);
  const send = (type: string, object: KubeObject) => stream.send(type as WatchEventType, target.encode(object));
  const events = new OrderedEvents(target.present, send, (error) => {
    log.error({ err: error, kind: target.kind }, 'watch: presenting an object failed');
    stream.send('ERROR', internalError('the watch could not show an object; retry'));
    stream.end();
  });
  let covered = 0;
  let queue: Change[] | undefined = [];
  const deliver = (change: Change) => {
    if (change.resourceVersion <= covered) return;
    covered = change.resourceVersion;
    const event = selection.eventOf(change);
    if (event) events.object(event.type, event.object);
  };
  const unsubscribe = store.onChange((change) => {
    if (!queue) return deliver(change);
    queue.push(change);
    if (queue.length > settings.maxQueuedChanges) {
      log.warn({ kind: target.kind }, 'watch: too many changes while starting; closing the watch');
      stream.end();
    }
  });
  const timeoutMs = (target.timeoutSeconds ?? settings.defaultTimeoutSeconds) * 1000;
  const timeout = setTimeout(() => events.later(() => stream.end()), timeoutMs);
  const bookmarks = target.bookmarks
    ? setInterval(() => {
        const at = covered;
        if (!queue && at > 0) events.later(() => stream.send('BOOKMARK', bookmark(target, at)));
      }, settings.bookmarkIntervalMs)
    : undefined;
  stream.whenClosed(() => {
    unsubscribe();
    clearTimeout(timeout);
    clearInterval(bookmarks);
  });

  const start = async () => {
    if (target.resourceVersion === undefined) {
      covered = await readCurrentObjects(store, target, (page) => events.objects('ADDED', page), selection);
    } else {
      // With a label selector, which objects match now tells later changes apart (see Selection).
      if (target.labels.length > 0) await readCurrentObjects(store, target, () => {}, selection);
      covered = await replayChanges(store, target.resourceVersion, deliver);
    }
    const waiting = queue ?? [];
    queue = undefined;
    for (const change of waiting) deliver(change);
  };
  start().catch((error: unknown) =>
    events.later(() => {
      if (error instanceof StoreError && error.code === 'Expired') {
        stream.send('ERROR', expired(target.resourceVersion ?? 0, error.message));
      } else {
        log.error({ err: error, kind: target.kind }, 'watch: reading the starting point failed');
        stream.send('ERROR', internalError('the watch could not start; retry'));
      }
      stream.end();
    }),
  );
  // A watch holds its connection for long; closing it afterwards lets a server stop promptly.
  void reply
    .header('content-type', 'application/json')
    .header('cache-control', 'no-cache')
    .header('connection', 'close');
  void reply.send(stream.body);
}

const internalError = (message: string) => ({
  apiVersion: 'v1',
  kind: 'Status',
  status: 'Failure',
  code: 500,
  reason: 'InternalError',
  message,
});

/** The wanted objects, page by page, also for `selection`; answers the version they were read at. */
async function readCurrentObjects(
  store: Store,
  target: WatchTarget,
  send: (page: KubeObject[]) => void,
  selection: Selection,
): Promise<number> {
  let after: { namespace: string; name: string } | undefined;
  let readAt: number | undefined;
  for (;;) {
    const page = await store.list(target.kind, { namespace: target.namespace, after, limit: PAGE });
    readAt ??= page.resourceVersion;
    const wanted = page.items.filter((o) => matches(target.labels, o.metadata.labels) && fieldsMatch(target.fields, o));
    selection.start(wanted, readAt);
    send(wanted);
    if (page.items.length < PAGE) return readAt;
    const last = page.items[page.items.length - 1]!;
    after = { namespace: last.metadata.namespace ?? '', name: last.metadata.name ?? '' };
  }
}

/** Every kept change after `from`; StoreError Expired when the feed no longer reaches back. */
async function replayChanges(store: Store, from: number, deliver: (change: Change) => void): Promise<number> {
  let last = from;
  for (;;) {
    const changes = await store.changesSince(last, PAGE);
    for (const change of changes) deliver(change);
    if (changes.length > 0) last = changes[changes.length - 1]!.resourceVersion;
    if (changes.length < PAGE) return last;
  }
}

const bookmark = (target: WatchTarget, resourceVersion: number) => ({
  kind: target.kind,
  apiVersion: target.apiVersion,
  metadata: { resourceVersion: String(resourceVersion) },
});

export const expired = (resourceVersion: number, why: string) => ({
  apiVersion: 'v1',
  kind: 'Status',
  metadata: {},
  status: 'Failure',
  code: 410,
  reason: 'Expired',
  message: `too old resource version: ${resourceVersion} (${why})`,
});
