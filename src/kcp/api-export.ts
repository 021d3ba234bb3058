// Serves SyncTargets in the mirror's workspace the kcp way (--kcp-api-export <path>:<name>): an
// APIResourceSchema, made from the same manifest as the CRD, and an APIExport in a provider
// workspace, and an APIBinding to that export in the workspace the mirror writes into. One
// export serves any number of workspaces, each with objects of its own. The schema is immutable
// in kcp, so it is named after the manifest's hash and a changed manifest adds a new one that
// the export then points at. An export tmc did not create is used as it is and never changed;
// one in a workspace tmc may not read is assumed to be there (the binding then says if not).
import type { FastifyBaseLogger } from 'fastify';
import { FIELD_MANAGER, GROUP, type KcpClient, type KcpObject, PLURAL, statusCodeOf } from './client.js';
import { HASH_ANNOTATION, loadCrdManifest } from './crd.js';
import { MANAGED_BY, MANAGER } from './desired.js';

const SCHEMAS = { group: 'apis.kcp.io', version: 'v1alpha1', plural: 'apiresourceschemas' };
const EXPORTS = { group: 'apis.kcp.io', version: 'v1alpha2', plural: 'apiexports' };
const BINDINGS = { group: 'apis.kcp.io', version: 'v1alpha2', plural: 'apibindings' };
const LABELS = { [MANAGED_BY]: MANAGER };

export interface ApiExportRef {
  /** The provider workspace, e.g. root:tmc. */
  path: string;
  name: string;
}

export type ExportOutcome = 'created' | 'updated' | 'unchanged' | 'foreign' | 'unreadable';

interface ResourceSchema {
  group: string;
  name: string;
  schema: string;
  storage: Record<string, unknown>;
}
type ApiExport = KcpObject & { spec?: { resources?: ResourceSchema[] } };
type ApiBinding = KcpObject & {
  spec?: { reference?: { export?: { path?: string; name?: string } } };
  status?: { phase?: string; conditions?: { type: string; status: string; message?: string }[] };
};

/** `root:tmc:synctargets` → workspace root:tmc, export synctargets. */
export function parseApiExport(value: string): ApiExportRef {
  const at = value.lastIndexOf(':');
  if (at <= 0 || at === value.length - 1) {
    const example = 'e.g. root:tmc:synctargets';
    throw new Error(`--kcp-api-export must be <workspace path>:<APIExport name>, ${example}, not "${value}"`);
  }
  return { path: value.slice(0, at), name: value.slice(at + 1) };
}

/** The URL of workspace `path` on the kcp that `server` (a workspace URL, or kcp's base URL) is on. */
export function workspaceServer(server: string, path: string): string {
  const url = new URL(server);
  const base = url.pathname.replace(/\/clusters\/[^/]+\/?$/, '').replace(/\/+$/, '');
  return `${url.origin}${base}/clusters/${path}`;
}

/** The CRD manifest as an APIResourceSchema, named `v<hash>.synctargets.workload.kcp.io`. */
export function schemaFromManifest(): KcpObject {
  const crd = loadCrdManifest();
  const hash = crd.metadata!.annotations![HASH_ANNOTATION]!;
  const { group, names, scope, versions } = crd.spec;
  return {
    apiVersion: `${SCHEMAS.group}/${SCHEMAS.version}`,
    kind: 'APIResourceSchema',
    metadata: {
      name: `v${hash.slice(0, 12)}.${PLURAL}.${GROUP}`,
      labels: LABELS,
      annotations: { [HASH_ANNOTATION]: hash },
    },
    spec: {
      group,
      names,
      scope,
      versions: versions.map(({ schema, ...version }) => ({ ...version, schema: schema?.openAPIV3Schema ?? {} })),
    },
  };
}

async function orUndefined<T>(request: Promise<unknown>): Promise<T | undefined> {
  try {
    return (await request) as T;
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

async function ignoringConflict(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (statusCodeOf(error) !== 409) throw error;
  }
}

/** The schema and the export in the provider workspace. */
export async function ensureExport(client: KcpClient, ref: ApiExportRef): Promise<ExportOutcome> {
  const provider = client.objectsAt(workspaceServer(client.server, ref.path));
  let existing: ApiExport | undefined;
  try {
    existing = await orUndefined<ApiExport>(provider.getClusterCustomObject({ ...EXPORTS, name: ref.name }));
  } catch (error) {
    if (statusCodeOf(error) === 403) return 'unreadable';
    throw error;
  }
  if (existing && existing.metadata.labels?.[MANAGED_BY] !== MANAGER) return 'foreign';
  const schema = schemaFromManifest();
  const ours: ResourceSchema = { group: GROUP, name: PLURAL, schema: schema.metadata.name, storage: { crd: {} } };
  const resources = existing?.spec?.resources ?? [];
  if (resources.some((r) => r.group === GROUP && r.name === PLURAL && r.schema === ours.schema)) return 'unchanged';
  // Named after its content: one that exists already is this very schema.
  await ignoringConflict(provider.createClusterCustomObject({ ...SCHEMAS, body: schema, fieldManager: FIELD_MANAGER }));
  if (!existing) {
    const body = {
      apiVersion: `${EXPORTS.group}/${EXPORTS.version}`,
      kind: 'APIExport',
      metadata: { name: ref.name, labels: LABELS },
      spec: { resources: [ours] },
    };
    try {
      await provider.createClusterCustomObject({ ...EXPORTS, body, fieldManager: FIELD_MANAGER });
      return 'created';
    } catch (error) {
      // Another tmc created it meanwhile: look again.
      if (statusCodeOf(error) === 409) return ensureExport(client, ref);
      throw error;
    }
  }
  const others = resources.filter((r) => !(r.group === GROUP && r.name === PLURAL));
  const body = { ...existing, spec: { ...existing.spec, resources: [...others, ours] } };
  await provider.replaceClusterCustomObject({ ...EXPORTS, name: ref.name, body, fieldManager: FIELD_MANAGER });
  return 'updated';
}

/** The APIBinding (named after the export) in the mirror's workspace. */
async function ensureBinding(client: KcpClient, ref: ApiExportRef): Promise<void> {
  const objects = client.objectsAt();
  const existing = await orUndefined<ApiBinding>(objects.getClusterCustomObject({ ...BINDINGS, name: ref.name }));
  if (existing) {
    const bound = existing.spec?.reference?.export;
    if (bound?.name === ref.name && (bound.path ?? '') === ref.path) return;
    const other = `${bound?.path}:${bound?.name}`;
    throw new Error(`the APIBinding "${ref.name}" in ${client.server} binds ${other}, not ${ref.path}:${ref.name}`);
  }
  const body = {
    apiVersion: `${BINDINGS.group}/${BINDINGS.version}`,
    kind: 'APIBinding',
    metadata: { name: ref.name, labels: LABELS },
    spec: { reference: { export: { path: ref.path, name: ref.name } } },
  };
  try {
    await objects.createClusterCustomObject({ ...BINDINGS, body, fieldManager: FIELD_MANAGER });
  } catch (error) {
    if (statusCodeOf(error) === 409) return ensureBinding(client, ref);
    throw error;
  }
}

/** What the binding says while kcp does not serve SyncTargets yet. */
async function bindingState(client: KcpClient, ref: ApiExportRef): Promise<string> {
  const read = client.objectsAt().getClusterCustomObject({ ...BINDINGS, name: ref.name });
  const binding = await orUndefined<ApiBinding>(read).catch(() => undefined);
  const failing = binding?.status?.conditions
    ?.filter((c) => c.status !== 'True')
    .map((c) => `${c.type}: ${c.message ?? c.status}`);
  return `phase ${binding?.status?.phase || 'none'}${failing?.length ? `; ${failing.join('; ')}` : ''}`;
}

/** Resolves once kcp serves SyncTargets in the mirror's workspace through the binding. */
export async function ensureApiBinding(
  client: KcpClient,
  log: FastifyBaseLogger,
  timeoutMs = 60_000,
): Promise<ExportOutcome> {
  const ref = parseApiExport(client.apiExport!);
  const outcome = await ensureExport(client, ref);
  await ensureBinding(client, ref);
  const deadline = Date.now() + timeoutMs;
  while (!(await client.served())) {
    if (Date.now() > deadline) {
      const state = await bindingState(client, ref);
      const what = `the APIBinding "${ref.name}" to ${ref.path}:${ref.name}`;
      throw new Error(`${what} serves no SyncTargets after ${timeoutMs / 1000}s (${state})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (outcome === 'foreign' || outcome === 'unreadable') {
    const message = 'kcp mirror: SyncTargets are served through an APIExport tmc does not manage';
    log.info({ apiExport: client.apiExport, outcome }, message);
  } else if (outcome !== 'unchanged') {
    log.info({ apiExport: client.apiExport, outcome }, 'kcp mirror: the SyncTarget APIExport is up to date');
  }
  return outcome;
}
