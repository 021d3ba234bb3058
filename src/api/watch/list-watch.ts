// The hook of list routes into watches and list resourceVersions: a list route hands its
// request here first; a watch is answered here, a list goes on with its resourceVersion checked.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KubeObject } from '../../schemas/meta.js';
import type { TableObject } from '../../lib/columns.js';
import type { Store } from '../../store/types.js';
import { ApiError } from '../http/errors.js';
import { type ResourceDefinition, apiVersionOf } from '../http/resource-definition.js';
import { includeObjectOf, tableVersionAsked, toTable } from '../http/table.js';
import { type ParsedWatchQuery, type WatchQuery, parseLabelSelector, parseWatchQuery } from './watch-query.js';
import { type OpenWatches, serveWatch } from './watch.js';
import { expired } from './watch-reads.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The open watches of this server and how they behave. */
    watches: OpenWatches;
  }
}

/** What a watch event carries: the object, or a one-row Table when the client asked for Tables. */
function encoderFor(def: ResourceDefinition, request: FastifyRequest): (object: KubeObject) => unknown {
  const version = tableVersionAsked(request.headers.accept);
  if (!version) return (object) => object;
  const includeObject = includeObjectOf(request);
  return (object) =>
    toTable(def.columns ?? def.kind, object as unknown as TableObject, { version, includeObject, now: Date.now() });
}

/** What watchOrCheckList answers when it serves a watch: the reply is on its way. */
export const WATCHING = Symbol('watching');

/**
 * Serves the watch when the query asks for one and answers WATCHING; otherwise answers the
 * parsed query for the list, after refusing a resourceVersion the list cannot honour. Never the
 * reply itself: a Fastify reply is thenable, so an async function answering it would resolve only
 * when the watch ends, and then with undefined.
 */
export async function watchOrCheckList(
  store: Store,
  def: ResourceDefinition,
  namespace: string | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<ParsedWatchQuery | typeof WATCHING> {
  const query = request.query as WatchQuery & { labelSelector?: string; limit?: number; continue?: string };
  const parsed = parseWatchQuery(query);
  if (parsed.watch) {
    serveWatch(
      store,
      request.server.watches,
      request.log,
      {
        kind: def.kind,
        apiVersion: apiVersionOf(def),
        namespace,
        labels: parseLabelSelector(query.labelSelector),
        fields: parsed.fields,
        resourceVersion: parsed.resourceVersion,
        timeoutSeconds: parsed.timeoutSeconds,
        bookmarks: parsed.bookmarks,
        encode: encoderFor(def, request),
        present: def.present,
        visibility: request.visibility,
      },
      reply,
    );
    return WATCHING;
  }
  await checkListVersion(store, parsed);
  return parsed;
}

/**
 * tmc keeps no past states, only the latest: a list is always read at the newest version. That
 * satisfies NotOlderThan (and a bare version) unless the version is newer than the store's, and
 * Exact only when the version asked is the current one; otherwise 410, as for a compacted one.
 */
async function checkListVersion(store: Store, parsed: ParsedWatchQuery): Promise<void> {
  if (parsed.resourceVersion === undefined) return;
  const current = await store.currentResourceVersion();
  if (parsed.resourceVersion > current) {
    throw new ApiError(504, 'Timeout', `Too large resource version: ${parsed.resourceVersion}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version', field: '' }],
    });
  }
  if (parsed.match === 'Exact' && parsed.resourceVersion !== current) {
    const status = expired(parsed.resourceVersion, `tmc serves only the current state, ${current}`);
    throw new ApiError(410, 'Expired', status.message);
  }
}
