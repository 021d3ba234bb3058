// List semantics: labelSelector filtering and limit/continue paging over the store's
// (namespace, name) order. The continue token is opaque to clients: base64url of the last key.
import { Type, type Static } from 'typebox';
import type { KubeObject } from '../../schemas/meta.js';
import { matches } from '../../lib/label-selector.js';
import type { Store } from '../../store/types.js';
import { badRequest } from '../http/errors.js';
import { parseLabelSelector } from '../watch/watch-query.js';

export const ListQuery = Type.Object({
  labelSelector: Type.Optional(Type.String({ description: 'e.g. env=prod,tier!=canary,region in (eu,us)' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, description: 'page size; the answer carries metadata.continue when more remain' }),
  ),
  continue: Type.Optional(Type.String({ description: 'the metadata.continue of the previous page' })),
  includeObject: Type.Optional(
    Type.Union([Type.Literal('None'), Type.Literal('Metadata'), Type.Literal('Object')], {
      description:
        'what each row of a meta.k8s.io Table carries (Accept: application/json;as=Table;v=v1;g=meta.k8s.io)',
    }),
  ),
});
export type ListQuery = Static<typeof ListQuery>;

interface ContinueKey {
  namespace: string;
  name: string;
}

const PAGE = 500;

function decodeContinue(token: string): ContinueKey {
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueKey;
    if (typeof key.namespace === 'string' && typeof key.name === 'string') return key;
  } catch {
    // fall through to the error below
  }
  throw badRequest('invalid continue token: pass back the metadata.continue of a previous list answer unchanged');
}

const encodeContinue = (object: KubeObject): string =>
  Buffer.from(JSON.stringify({ namespace: object.metadata.namespace ?? '', name: object.metadata.name })).toString(
    'base64url',
  );

export interface ListPage {
  items: KubeObject[];
  resourceVersion: number;
  continueToken?: string;
}

/** Reads pages from the store until `limit` matching objects are found (or the kind ends). */
export async function listObjects(
  store: Store,
  kind: string,
  namespace: string | undefined,
  query: ListQuery,
  also: (object: KubeObject) => boolean = () => true,
): Promise<ListPage> {
  const requirements = parseLabelSelector(query.labelSelector);
  let after = query.continue ? decodeContinue(query.continue) : undefined;
  const limit = query.limit;
  const items: KubeObject[] = [];
  let resourceVersion: number | undefined;
  for (;;) {
    const page = await store.list(kind, { namespace, after, limit: PAGE });
    resourceVersion ??= page.resourceVersion;
    for (const object of page.items) {
      if (!matches(requirements, object.metadata.labels) || !also(object)) continue;
      if (limit !== undefined && items.length === limit) {
        return { items, resourceVersion, continueToken: encodeContinue(items[items.length - 1]!) };
      }
      items.push(object);
    }
    if (page.items.length < PAGE) return { items, resourceVersion };
    const last = page.items[page.items.length - 1]!;
    after = { namespace: last.metadata.namespace ?? '', name: last.metadata.name ?? '' };
  }
}
