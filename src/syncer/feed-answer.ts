// The control plane's answer to the agent's long poll, checked before anything acts on it.
// Only a well-formed 200 answer may change what the agent considers desired (and so what it
// prunes): a truncated body, a proxy's error page or a half-upgraded server must never read
// as "nothing is placed here any more".
import { isDns1123Label, isDns1123Subdomain } from '../lib/validation.js';

export interface FeedItem {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    generation: number;
  };
  spec: Record<string, unknown>;
}

export interface FeedAnswer {
  resourceVersion: string;
  items: FeedItem[];
}

/** The control plane answered, but not with something the agent can trust. */
export class GarbageAnswerError extends Error {
  override readonly name = 'GarbageAnswerError';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringMap = (value: unknown): boolean =>
  value === undefined || (isObject(value) && Object.values(value).every((v) => typeof v === 'string'));

/**
 * Why `item` is not a Deployment the agent can apply, or undefined when it is one. The
 * namespace and name must be what Kubernetes accepts downstream (DNS-1123 label and
 * subdomain), which also keeps a path like "../" out of any URL the agent builds.
 */
function itemProblem(item: unknown): string | undefined {
  if (!isObject(item)) return 'is not an object';
  if (item.apiVersion !== 'apps/v1' || item.kind !== 'Deployment') return 'is not an apps/v1 Deployment';
  const meta = item.metadata;
  if (!isObject(meta)) return 'has no metadata';
  if (typeof meta.namespace !== 'string' || !isDns1123Label(meta.namespace)) return 'has no valid metadata.namespace';
  if (typeof meta.name !== 'string' || !isDns1123Subdomain(meta.name)) return 'has no valid metadata.name';
  if (!Number.isSafeInteger(meta.generation) || (meta.generation as number) < 0) return 'has no metadata.generation';
  if (!isStringMap(meta.labels) || !isStringMap(meta.annotations)) return 'has labels or annotations that are not strings';
  if (!isObject(item.spec)) return 'has no spec';
  return undefined;
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
    const { namespace, name } = (item as FeedItem).metadata;
    const key = `${namespace}/${name}`;
    if (seen.has(key)) throw new GarbageAnswerError(`the feed answer lists ${key} twice`);
    seen.add(key);
  });
  return { resourceVersion: body.resourceVersion, items: body.items as FeedItem[] };
}
