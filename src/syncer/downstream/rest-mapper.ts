// The REST mapper: which URL serves a kind in the downstream cluster, read from that cluster's
// own discovery (GET /api/v1, /apis/GROUP/VERSION), as client-go's RESTMapper does. A group
// version is read once and kept; a kind it does not list (a CRD installed since, a cluster
// upgraded under the agent) makes it read again, at most once per `minRefreshMs`, so a feed
// full of an unknown kind cannot hammer the API server. A definition just Established is the one
// known reason to look sooner: `expire` lets the next miss read at once.
import { hasStatus, type KubeClient } from './kube-client.js';
import { groupOf } from '../../schemas/apply-order.js';

export interface ResourceMapping {
  apiVersion: string;
  kind: string;
  group: string;
  /** The plural resource name in URLs: "deployments". */
  resource: string;
  namespaced: boolean;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** The cluster does not serve this kind (its discovery was read again to be sure). */
export class NoKindMatchError extends Error {
  override readonly name = 'NoKindMatchError';

  constructor(apiVersion: string, kind: string) {
    super(
      `the downstream cluster does not serve kind "${kind}" in "${apiVersion}" ` +
        '(its API discovery does not list it)',
    );
  }
}

interface GroupVersion {
  kinds: Map<string, ResourceMapping>;
  readAt: number;
}

export class RestMapper {
  private readonly versions = new Map<string, GroupVersion>();
  private readonly reading = new Map<string, Promise<GroupVersion>>();

  constructor(
    private readonly client: Pick<KubeClient, 'call'>,
    private readonly minRefreshMs = 10_000,
    private readonly now = Date.now,
  ) {}

  /** The mapping, reading discovery when the kind is not known yet; throws NoKindMatchError. */
  async mapping(apiVersion: string, kind: string): Promise<ResourceMapping> {
    const known = this.versions.get(apiVersion);
    const found = known?.kinds.get(kind);
    if (found) return found;
    if (!known || this.now() - known.readAt >= this.minRefreshMs) {
      const fresh = await this.read(apiVersion);
      const mapping = fresh.kinds.get(kind);
      if (mapping) return mapping;
    }
    throw new NoKindMatchError(apiVersion, kind);
  }

  /** The next miss in `apiVersion` reads discovery again at once; the kinds already known stay known meanwhile. */
  expire(apiVersion: string): void {
    const known = this.versions.get(apiVersion);
    if (known) known.readAt = Number.NEGATIVE_INFINITY;
  }

  /** The resource of a kind ("statefulsets.apps") from what discovery has said so far. */
  resourceOf(groupKindName: string): string | undefined {
    for (const version of this.versions.values()) {
      for (const m of version.kinds.values()) {
        if ((m.group ? `${m.kind}.${m.group}` : m.kind) !== groupKindName) continue;
        return m.group ? `${m.resource}.${m.group}` : m.resource;
      }
    }
    return undefined;
  }

  /** One discovery read per group version at a time: concurrent misses share it. */
  private read(apiVersion: string): Promise<GroupVersion> {
    let pending = this.reading.get(apiVersion);
    if (!pending) {
      pending = this.fetch(apiVersion).finally(() => this.reading.delete(apiVersion));
      this.reading.set(apiVersion, pending);
    }
    return pending;
  }

  private async fetch(apiVersion: string): Promise<GroupVersion> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let resources: ApiResource[] = [];
    try {
      resources = (await this.client.call<{ resources?: ApiResource[] }>('GET', path)).resources ?? [];
    } catch (error) {
      // A group version the cluster does not serve is a discovery answer too: no kinds.
      if (!hasStatus(error, 404)) throw error;
    }
    const kinds = new Map<string, ResourceMapping>();
    const group = groupOf(apiVersion);
    // "deployments/status" and the like are subresources, not the kind's own URL.
    for (const r of resources) {
      if (r.name.includes('/') || kinds.has(r.kind)) continue;
      kinds.set(r.kind, { apiVersion, kind: r.kind, group, resource: r.name, namespaced: r.namespaced === true });
    }
    const entry = { kinds, readAt: this.now() };
    this.versions.set(apiVersion, entry);
    return entry;
  }
}

const segment = encodeURIComponent;

/** The collection URL: in one namespace, or across all of them when `namespace` is undefined. */
export function collectionPath(mapping: ResourceMapping, namespace?: string): string {
  const root = mapping.group ? `/apis/${mapping.apiVersion}` : `/api/${mapping.apiVersion}`;
  const scope = mapping.namespaced && namespace !== undefined ? `/namespaces/${segment(namespace)}` : '';
  return `${root}${scope}/${mapping.resource}`;
}

export const objectPath = (mapping: ResourceMapping, namespace: string, name: string): string =>
  `${collectionPath(mapping, namespace)}/${segment(name)}`;
