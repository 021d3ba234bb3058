// Watches of list routes (?watch=true): the store's change feed, filtered to one kind, namespace
// and selectors, streamed as Kubernetes watch events. The listener is attached before the
// starting point is read, and changes that arrive meanwhile wait in a bounded queue, so nothing
// between the starting point and the live feed is lost; versions already covered are skipped.
// Works alike on every replica: the store's onChange delivers the writes of all of them in order.
// Objects go out as gets and lists show them (watch-present.ts), and a label selector's watch
// hears of objects entering and leaving the selection (watch-selection.ts).
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { KubeObject } from '../../schemas/meta.js';
import { matches } from '../../lib/label-selector.js';
import { fieldsMatch } from '../../lib/field-selector.js';
import { type Change, type Store, StoreError } from '../../store/types.js';
import { type WatchEventType, WatchStream } from './watch-stream.js';
import { OrderedEvents } from './watch-present.js';
import { Selection } from './watch-selection.js';
import { bookmark, expired, forbidden, internalError, readCurrentObjects, replayChanges } from './watch-reads.js';
import type { WatchSettings, WatchTarget } from './watch-settings.js';

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
    if (!event) return;
    // RBAC is asked again after it changes: events of objects the caller may no longer see stop,
    // and a watch the caller may no longer hold anywhere ends with a 403, as its next list would.
    const { visibility } = target;
    if (visibility && !visibility.current()) return revoked();
    if (!visibility || visibility.shows(event.object)) events.object(event.type, event.object);
  };
  let ended = false;
  const revoked = () => {
    if (ended) return;
    ended = true;
    events.later(() => {
      stream.send('ERROR', forbidden(target.visibility?.denialMessage ?? ''));
      stream.end();
    });
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
