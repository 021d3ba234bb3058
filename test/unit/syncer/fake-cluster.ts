// A downstream API server in memory, for driving the syncer's engine in unit tests: discovery
// documents per group version, objects under their URLs (cluster-scoped or in a namespace),
// create, server-side apply, merge patch and delete as the agent uses them, label-selected lists
// and watches. Only what the agent sends is understood; the test changes the cluster through it.
import {
  KubeApiError,
  type KubeClient,
  type RequestOptions,
  type WatchEvent,
} from '../../../src/syncer/downstream/kube-client.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

interface Where {
  apiVersion: string;
  namespace?: string;
  resource: string;
  name?: string;
}

interface Watcher {
  where: Where;
  selector?: string;
  push: (event: WatchEvent) => void;
}

const fail = (code: number, reason: string, message: string): never => {
  throw new KubeApiError(code, { code, reason, message }, message);
};

/** "/apis/example.com/v1/namespaces/shop/widgets/w" → where it is; undefined for a discovery document. */
function parse(path: string): Where | undefined {
  const segments = path.split('/').filter(Boolean);
  const core = segments[0] === 'api';
  const apiVersion = core ? segments[1]! : `${segments[1]}/${segments[2]}`;
  const rest = segments.slice(core ? 2 : 3);
  if (rest.length === 0) return undefined;
  const scoped = rest[0] === 'namespaces' && rest.length >= 3;
  const [resource, name] = scoped ? rest.slice(2) : rest;
  return { apiVersion, resource: resource!, ...(scoped ? { namespace: rest[1] } : {}), ...(name ? { name } : {}) };
}

const matches = (object: KubeObject, selector?: string): boolean => {
  if (!selector) return true;
  const [key, value] = selector.split('=');
  return object.metadata.labels?.[key!] === value;
};

export class FakeCluster {
  readonly discovery = new Map<string, ApiResource[]>();
  readonly objects = new Map<string, KubeObject>();
  /** Every write, as "METHOD path". */
  readonly writes: string[] = [];
  /** API groups whose writes RBAC refuses. */
  readonly forbidden = new Set<string>();
  private version = 100;
  private uids = 0;
  private readonly watchers = new Set<Watcher>();

  serve(apiVersion: string, resources: ApiResource[]): void {
    this.discovery.set(apiVersion, resources);
  }

  /** Sets the status of a stored object, as its controller does, and tells the watches. */
  setStatus(path: string, status: Record<string, unknown>): void {
    const object = this.objects.get(path);
    if (!object) throw new Error(`no object at ${path}`);
    this.store(path, { ...object, status }, 'MODIFIED');
  }

  async call<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const where = parse(path);
    if (!where) {
      const apiVersion = path.replace(/^\/apis?\//, '');
      const resources = this.discovery.get(apiVersion) ?? fail(404, 'NotFound', `${path} is not served`);
      return { kind: 'APIResourceList', groupVersion: apiVersion, resources } as T;
    }
    const served = this.discovery.get(where.apiVersion)?.find((r) => r.name === where.resource);
    if (!served && where.resource !== 'namespaces') fail(404, 'NotFound', `the server could not find ${path}`);
    if (method !== 'GET') this.writes.push(`${method} ${path}`);
    const group = where.apiVersion.includes('/') ? where.apiVersion.split('/')[0]! : '';
    if (method !== 'GET' && this.forbidden.has(group)) {
      const verb = method === 'POST' ? 'create' : 'patch';
      const who = `${where.resource}.${group} is forbidden: User "syncer"`;
      fail(403, 'Forbidden', `${who} cannot ${verb} resource "${where.resource}" in API group "${group}"`);
    }
    if (method === 'GET' && !where.name) return this.list(where, options.query?.labelSelector as string) as T;
    if (method === 'POST') return this.create(path, where, options.body as KubeObject) as T;
    const existing = this.objects.get(path) ?? fail(404, 'NotFound', `${path} not found`);
    if (method === 'GET') return structuredClone(existing) as T;
    if (method === 'DELETE') {
      this.objects.delete(path);
      this.tell('DELETED', path, existing);
      return {} as T;
    }
    return this.patch(path, existing, options) as T;
  }

  async *watch(path: string, query: RequestOptions['query'], signal: AbortSignal): AsyncGenerator<WatchEvent> {
    const events: WatchEvent[] = [];
    let wake: (() => void) | undefined;
    const watcher: Watcher = {
      where: parse(path)!,
      selector: query?.labelSelector as string | undefined,
      push: (event) => {
        events.push(event);
        wake?.();
      },
    };
    this.watchers.add(watcher);
    const stopped = () => wake?.();
    signal.addEventListener('abort', stopped);
    try {
      while (!signal.aborted) {
        if (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        while (events.length > 0 && !signal.aborted) yield events.shift()!;
      }
    } finally {
      this.watchers.delete(watcher);
      signal.removeEventListener('abort', stopped);
    }
  }

  private list(where: Where, selector?: string) {
    const items = [...this.objects.entries()]
      .filter(([path, object]) => this.under(parse(path)!, where) && matches(object, selector))
      .map(([, object]) => structuredClone(object));
    return { metadata: { resourceVersion: String(this.version) }, items };
  }

  private create(path: string, where: Where, body: KubeObject): KubeObject {
    const at = `${path}/${body.metadata.name}`;
    if (this.objects.has(at)) fail(409, 'AlreadyExists', `${where.resource} "${body.metadata.name}" already exists`);
    // A cluster-scoped object has no namespace, whatever the body says; a namespaced one the URL's.
    const { namespace: _given, ...metadata } = body.metadata;
    const scope = where.namespace ? { namespace: where.namespace } : {};
    const object = { ...body, metadata: { ...metadata, ...scope, uid: `uid-${++this.uids}`, generation: 1 } };
    return this.store(at, object, 'ADDED');
  }

  private patch(path: string, existing: KubeObject, options: RequestOptions): KubeObject {
    if (options.contentType === 'application/json-patch+json') return structuredClone(existing);
    const body = options.body as KubeObject;
    if (body.metadata.uid !== existing.metadata.uid) fail(409, 'Conflict', 'Precondition failed: UID in object meta');
    if (options.contentType === 'application/merge-patch+json') {
      const drop = (map: Record<string, string> = {}, nulls: Record<string, unknown> = {}) =>
        Object.fromEntries(Object.entries(map).filter(([k]) => !(k in nulls)));
      const { labels, annotations } = body.metadata as unknown as Record<string, Record<string, unknown>>;
      const metadata = {
        ...existing.metadata,
        labels: drop(existing.metadata.labels, labels),
        annotations: drop(existing.metadata.annotations, annotations),
      };
      return this.store(path, { ...existing, metadata }, 'MODIFIED');
    }
    const { metadata, status: _status, ...fields } = body;
    const { namespace: _namespace, ...given } = metadata;
    const changed = JSON.stringify(fields.spec) !== JSON.stringify(existing.spec);
    const generation = (existing.metadata.generation ?? 1) + (changed ? 1 : 0);
    const object = { ...existing, ...fields, metadata: { ...existing.metadata, ...given, generation } };
    return this.store(path, object, 'MODIFIED');
  }

  private store(path: string, object: KubeObject, type: WatchEvent['type']): KubeObject {
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.version) } };
    this.objects.set(path, stored);
    this.tell(type, path, stored);
    return structuredClone(stored);
  }

  private tell(type: WatchEvent['type'], path: string, object: KubeObject): void {
    const where = parse(path)!;
    for (const watcher of this.watchers) {
      if (this.under(where, watcher.where) && matches(object, watcher.selector)) {
        watcher.push({ type, object: structuredClone(object) as unknown as Record<string, unknown> });
      }
    }
  }

  /** Whether the object at `object` is in the collection `collection` (across namespaces when it names none). */
  private under(object: Where, collection: Where): boolean {
    return (
      object.apiVersion === collection.apiVersion &&
      object.resource === collection.resource &&
      (collection.namespace === undefined || object.namespace === collection.namespace)
    );
  }

  get client(): KubeClient {
    return this as unknown as KubeClient;
  }
}
