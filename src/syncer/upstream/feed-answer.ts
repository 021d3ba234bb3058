// The control plane's answer to the agent's long poll, checked before anything acts on it.
// Only a well-formed 200 answer may change what the agent considers desired (and so what it
// prunes): a truncated body, a proxy's error page or a half-upgraded server must never read
// as "nothing is placed here any more". Items may be of any kind: the REST mapper finds where
// the downstream cluster serves it, and an item the cluster cannot take is that item's Error,
// never a reason to distrust the whole answer.
import { isApiVersion, isDns1123Label, isDns1123Subdomain, isKindName } from '../../lib/validation.js';
import type { FeedItem, FeedNamespace, FeedResponse as FeedAnswer } from '../../schemas/agent.js';
import { groupKind, isDefinition } from '../../schemas/apply-order.js';

// The wire types are the server's schemas (type-only imports: nothing of them loads here); the
// checks below are the agent's own, stricter than the schema (names, kinds, versions). A server
// from before other kinds sends only apps/v1 Deployments, which are such items too.
export type { FeedItem, FeedNamespace, FeedResponse as FeedAnswer } from '../../schemas/agent.js';

/** The control plane answered, but not with something the agent can trust. */
export class GarbageAnswerError extends Error {
  override readonly name = 'GarbageAnswerError';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringMap = (value: unknown): boolean =>
  value === undefined || (isObject(value) && Object.values(value).every((v) => typeof v === 'string'));

/**
 * A namespace is a DNS-1123 label; a CustomResourceDefinition, cluster-scoped, has '' (the wire
 * keeps namespace a required string) and no other kind may: an empty one would turn a tenant's
 * object into a cluster-wide one.
 */
const namespaceFits = (apiVersion: string, kind: string, namespace: string): boolean =>
  isDefinition(apiVersion, kind) ? namespace === '' : isDns1123Label(namespace);

/**
 * Why `item` is not an object the agent can apply, or undefined when it is one. The
 * namespace and name must be what Kubernetes accepts downstream (DNS-1123 label and
 * subdomain), which also keeps a path like "../" out of any URL the agent builds.
 */
function itemProblem(item: unknown): string | undefined {
  if (!isObject(item)) return 'is not an object';
  if (typeof item.apiVersion !== 'string' || !isApiVersion(item.apiVersion)) return 'has no valid apiVersion';
  if (typeof item.kind !== 'string' || !isKindName(item.kind)) return 'has no valid kind';
  const meta = item.metadata;
  if (!isObject(meta)) return 'has no metadata';
  if (typeof meta.namespace !== 'string' || !namespaceFits(item.apiVersion, item.kind, meta.namespace))
    return 'has no valid metadata.namespace';
  if (typeof meta.name !== 'string' || !isDns1123Subdomain(meta.name)) return 'has no valid metadata.name';
  if (!Number.isSafeInteger(meta.generation) || (meta.generation as number) < 0) return 'has no metadata.generation';
  if (!isStringMap(meta.labels) || !isStringMap(meta.annotations))
    return 'has labels or annotations that are not strings';
  // A Deployment without a spec is not one; other kinds (a ConfigMap) have none.
  if (item.kind === 'Deployment' && item.apiVersion === 'apps/v1' && !isObject(item.spec)) return 'has no spec';
  if (item.spec !== undefined && !isObject(item.spec)) return 'has a spec that is not an object';
  return undefined;
}

/** The namespaces' labels and annotations, absent from a server before them; each name a DNS-1123 label, once. */
function namespacesOf(value: unknown): FeedNamespace[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new GarbageAnswerError('the feed answer has namespaces that are not a list');
  const seen = new Set<string>();
  return value.map((namespace, i) => {
    if (!isObject(namespace) || typeof namespace.name !== 'string' || !isDns1123Label(namespace.name))
      throw new GarbageAnswerError(`namespace ${i} of the feed answer has no valid name`);
    const { name, labels, annotations } = namespace;
    if (!isStringMap(labels) || !isStringMap(annotations))
      throw new GarbageAnswerError(
        `namespace ${name} of the feed answer has labels or annotations that are not strings`,
      );
    if (seen.has(name)) throw new GarbageAnswerError(`the feed answer lists namespace ${name} twice`);
    seen.add(name);
    return { name, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) } as FeedNamespace;
  });
}

/** The answer, or a GarbageAnswerError saying what is wrong with it. One bad item spoils it all. */
export function parseFeedAnswer(body: unknown): FeedAnswer {
  if (!isObject(body)) throw new GarbageAnswerError('the feed answer is not a JSON object');
  if (typeof body.resourceVersion !== 'string' || !/^\d{1,16}$/.test(body.resourceVersion)) {
    throw new GarbageAnswerError('the feed answer has no valid resourceVersion');
  }
  if (!Array.isArray(body.items)) throw new GarbageAnswerError('the feed answer has no items list');
  const seen = new Set<string>();
  body.items.forEach((item, i) => {
    const problem = itemProblem(item);
    if (problem) throw new GarbageAnswerError(`item ${i} of the feed answer ${problem}`);
    const {
      apiVersion,
      kind,
      metadata: { namespace, name },
    } = item as FeedItem;
    const key = `${groupKind(apiVersion, kind)} ${namespace}/${name}`;
    if (seen.has(key)) throw new GarbageAnswerError(`the feed answer lists ${key} twice`);
    seen.add(key);
  });
  const namespaces = namespacesOf(body.namespaces);
  return {
    resourceVersion: body.resourceVersion,
    items: body.items as FeedItem[],
    ...(namespaces ? { namespaces } : {}),
  };
}
