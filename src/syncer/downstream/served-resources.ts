// The API resources the downstream cluster serves, from its discovery (GET /api, /apis and each
// group version), for the control plane to place only kinds the cluster can take. Read again at
// most every `refreshMs`; the digest of the sorted list tells the heartbeat when the list changed,
// so the list itself travels only then and heartbeats stay small.
import { createHash } from 'node:crypto';
import type { ApiResource } from '../../schemas/synctarget.js';
import type { KubeClient } from './kube-client.js';

export interface Served {
  resources: ApiResource[];
  hash: string;
}

interface ResourceList {
  resources?: { name: string; kind: string }[];
}
interface GroupList {
  groups?: { name: string; versions?: { version: string }[] }[];
}

/** Every group version's resources, sorted, so the same cluster always gives the same digest. */
export async function readServed(client: Pick<KubeClient, 'call'>, signal?: AbortSignal): Promise<Served> {
  const core = await client.call<{ versions?: string[] }>('GET', '/api', { signal });
  const groups = await client.call<GroupList>('GET', '/apis', { signal });
  const versions: { group: string; version: string; path: string }[] = [
    ...(core.versions ?? []).map((version) => ({ group: '', version, path: `/api/${version}` })),
    ...(groups.groups ?? []).flatMap((g) =>
      (g.versions ?? []).map(({ version }) => ({ group: g.name, version, path: `/apis/${g.name}/${version}` })),
    ),
  ];
  const resources: ApiResource[] = [];
  for (const { group, version, path } of versions) {
    const list = await client.call<ResourceList>('GET', path, { signal });
    for (const r of list.resources ?? []) resources.push({ group, version, resource: r.name, kind: r.kind });
  }
  const key = (r: ApiResource) => `${r.group}/${r.version}/${r.resource}`;
  resources.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const hash = createHash('sha256').update(JSON.stringify(resources)).digest('hex');
  return { resources, hash };
}

/** The last list read, and the digest the control plane last accepted. */
export class ServedResources {
  private last?: Served;
  private readAt = -Infinity;
  /** The digest of the list the control plane has: set after a heartbeat that carried it went through. */
  acked?: string;

  constructor(
    private readonly client: Pick<KubeClient, 'call'>,
    private readonly refreshMs = 60_000,
    private readonly now = Date.now,
  ) {}

  async current(signal?: AbortSignal): Promise<Served> {
    if (!this.last || this.now() - this.readAt >= this.refreshMs) {
      this.last = await readServed(this.client, signal);
      this.readAt = this.now();
    }
    return this.last;
  }

  /** What the heartbeat carries: the digest always, the list only when the control plane lacks it. */
  async report(signal?: AbortSignal): Promise<{ apiResourcesHash: string; apiResources?: ApiResource[] }> {
    const served = await this.current(signal);
    return served.hash === this.acked
      ? { apiResourcesHash: served.hash }
      : { apiResourcesHash: served.hash, apiResources: served.resources };
  }
}
