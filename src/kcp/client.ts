// The kcp side of the mirror: SyncTarget objects and their CRD, through @kubernetes/client-node.
// Every request goes to the kubeconfig's server URL with the API path appended, so a kcp
// workspace path in it (https://host:6443/clusters/root:org) is kept on every call.
import * as k8s from '@kubernetes/client-node';
import { selectContext } from '../lib/kube-context.js';

export const GROUP = 'workload.kcp.io';
export const VERSION = 'v1alpha1';
export const PLURAL = 'synctargets';
export const CRD_NAME = `${PLURAL}.${GROUP}`;
/** The field manager kcp's audit and managedFields show for the mirror's writes. */
export const FIELD_MANAGER = 'tmc-kcp-mirror';

export interface KcpMeta {
  name: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KcpObject {
  apiVersion: string;
  kind: string;
  metadata: KcpMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface KcpClientOptions {
  kubeconfig: string;
  context?: string;
  /** Per request; a kcp that accepts connections but never answers must not stall the mirror. */
  timeoutMs?: number;
  /** `<workspace path>:<name>` of an APIExport to bind SyncTargets from instead of installing the CRD. */
  apiExport?: string;
}

// The generated client joins base URL and path as strings: a trailing slash would make "//apis".
function withoutTrailingSlash(config: k8s.KubeConfig): void {
  const current = config.getCurrentCluster();
  if (!current?.server.endsWith('/')) return;
  config.loadFromOptions({
    clusters: config.clusters.map((c) =>
      c.name === current.name ? { ...c, server: c.server.replace(/\/+$/, '') } : c,
    ),
    users: config.users,
    contexts: config.contexts,
    currentContext: config.getCurrentContext(),
  });
}

export function loadKubeconfig(file: string, context?: string): k8s.KubeConfig {
  const config = new k8s.KubeConfig();
  config.loadFromFile(file);
  selectContext(config, context, { flag: '--kcp-context', file });
  withoutTrailingSlash(config);
  return config;
}

export class KcpClient {
  readonly server: string;
  readonly apiExport?: string;
  private readonly objects: k8s.CustomObjectsApi;
  private readonly crds: k8s.ApiextensionsV1Api;
  private readonly target = { group: GROUP, version: VERSION, plural: PLURAL };
  private readonly configurationAt: (server: string) => k8s.Configuration;

  constructor(options: KcpClientOptions) {
    const config = loadKubeconfig(options.kubeconfig, options.context);
    this.server = config.getCurrentCluster()!.server;
    this.apiExport = options.apiExport;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const timeout: k8s.Middleware = {
      pre: async (request) => {
        request.setSignal(AbortSignal.timeout(timeoutMs));
        return request;
      },
      post: async (response) => response,
    };
    this.configurationAt = (server) =>
      k8s.createConfiguration({
        baseServer: new k8s.ServerConfiguration(server, {}),
        authMethods: { default: config },
        promiseMiddleware: [timeout],
      });
    const configuration = this.configurationAt(this.server);
    this.objects = new k8s.CustomObjectsApi(configuration);
    this.crds = new k8s.ApiextensionsV1Api(configuration);
  }

  /** Any kind of object at `server` (by default this workspace), with the same credentials and timeout. */
  objectsAt(server = this.server): k8s.CustomObjectsApi {
    return server === this.server ? this.objects : new k8s.CustomObjectsApi(this.configurationAt(server));
  }

  /** The object, or undefined when there is none by that name. */
  async get(name: string): Promise<KcpObject | undefined> {
    return orUndefined(this.objects.getClusterCustomObject({ ...this.target, name }) as Promise<KcpObject>);
  }

  /** Every SyncTarget in the workspace, read in pages. */
  async list(): Promise<KcpObject[]> {
    const items: KcpObject[] = [];
    let page: string | undefined;
    do {
      const list = (await this.objects.listClusterCustomObject({ ...this.target, limit: 500, _continue: page })) as {
        items: KcpObject[];
        metadata?: { _continue?: string; continue?: string };
      };
      items.push(...list.items);
      page = list.metadata?.continue || list.metadata?._continue || undefined;
    } while (page);
    return items;
  }

  async create(object: KcpObject): Promise<KcpObject> {
    return (await this.objects.createClusterCustomObject({
      ...this.target,
      body: object,
      fieldManager: FIELD_MANAGER,
    })) as KcpObject;
  }

  /** PUT with the object's resourceVersion: fails with 409 when kcp holds a newer one. */
  async replace(object: KcpObject): Promise<KcpObject> {
    const name = object.metadata.name;
    return (await this.objects.replaceClusterCustomObject({
      ...this.target,
      name,
      body: object,
      fieldManager: FIELD_MANAGER,
    })) as KcpObject;
  }

  async replaceStatus(object: KcpObject): Promise<KcpObject> {
    const name = object.metadata.name;
    return (await this.objects.replaceClusterCustomObjectStatus({
      ...this.target,
      name,
      body: object,
      fieldManager: FIELD_MANAGER,
    })) as KcpObject;
  }

  /** Deletes only the object seen: kcp refuses (409) when uid or resourceVersion moved on. */
  async delete(name: string, preconditions: { uid?: string; resourceVersion?: string }): Promise<void> {
    await this.objects.deleteClusterCustomObject({ ...this.target, name, body: { preconditions } });
  }

  /** Whether kcp serves SyncTargets at all (from a CRD or, in kcp, an APIBinding). */
  async served(): Promise<boolean> {
    const resources = await orUndefined(this.objects.getAPIResources({ group: GROUP, version: VERSION }));
    return resources?.resources.some((r) => r.name === PLURAL) ?? false;
  }

  async getCrd(): Promise<k8s.V1CustomResourceDefinition | undefined> {
    return orUndefined(this.crds.readCustomResourceDefinition({ name: CRD_NAME }));
  }

  async createCrd(body: k8s.V1CustomResourceDefinition): Promise<k8s.V1CustomResourceDefinition> {
    return this.crds.createCustomResourceDefinition({ body, fieldManager: FIELD_MANAGER });
  }

  async replaceCrd(body: k8s.V1CustomResourceDefinition): Promise<k8s.V1CustomResourceDefinition> {
    return this.crds.replaceCustomResourceDefinition({ name: CRD_NAME, body, fieldManager: FIELD_MANAGER });
  }
}

async function orUndefined<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

/** The HTTP status of a failed call; undefined when no answer came (refused, timed out). */
export function statusCodeOf(error: unknown): number | undefined {
  return error instanceof k8s.ApiException ? (error.code as number) : undefined;
}
