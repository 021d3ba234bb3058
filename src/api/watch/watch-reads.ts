// A watch's starting point (the current objects, page by page, or the kept changes after a
// resourceVersion) and the events that are not objects: bookmarks and Status errors.
import { fieldsMatch } from '../../lib/field-selector.js';
import { matches } from '../../lib/label-selector.js';
import type { KubeObject } from '../../schemas/meta.js';
import type { Change, Store } from '../../store/types.js';
import type { WatchTarget } from './watch-settings.js';
import type { Selection } from './watch-selection.js';

const PAGE = 500;

export const internalError = (message: string) => ({
  apiVersion: 'v1',
  kind: 'Status',
  status: 'Failure',
  code: 500,
  reason: 'InternalError',
  message,
});

export const forbidden = (message: string) => ({
  apiVersion: 'v1',
  kind: 'Status',
  metadata: {},
  status: 'Failure',
  code: 403,
  reason: 'Forbidden',
  message,
});

/** The wanted objects, page by page, also for `selection`; answers the version they were read at. */
export async function readCurrentObjects(
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
    const { visibility } = target;
    send(visibility ? wanted.filter((o) => visibility.shows(o)) : wanted);
    if (page.items.length < PAGE) return readAt;
    const last = page.items[page.items.length - 1]!;
    after = { namespace: last.metadata.namespace ?? '', name: last.metadata.name ?? '' };
  }
}

/** Every kept change after `from`; StoreError Expired when the feed no longer reaches back. */
export async function replayChanges(store: Store, from: number, deliver: (change: Change) => void): Promise<number> {
  let last = from;
  for (;;) {
    const changes = await store.changesSince(last, PAGE);
    for (const change of changes) deliver(change);
    if (changes.length > 0) last = changes[changes.length - 1]!.resourceVersion;
    if (changes.length < PAGE) return last;
  }
}

export const bookmark = (target: WatchTarget, resourceVersion: number) => ({
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
