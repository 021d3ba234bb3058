// What one watch is asked for, and the server's limits on every watch.
import type { FieldRequirement } from '../../lib/field-selector.js';
import type { Requirement } from '../../lib/label-selector.js';
import type { KubeObject } from '../../schemas/meta.js';
import type { RequestVisibility } from '../../access/visibility.js';
import type { PresentHook } from './watch-present.js';

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
  /** A user's watch: what RBAC lets it see, followed as RBAC changes; undefined: everything. */
  visibility?: RequestVisibility;
}
