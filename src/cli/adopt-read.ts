// The downstream side of `tmc adopt`: the objects the operator names (`deploy/web cm/env`) or
// selects (`deployments,configmaps -l app=web`), read straight from the cluster with the
// operator's own kubeconfig. The agent behind NAT is not asked: the operator who adopts can
// reach the cluster (or runs this where they can), and reads with their own rights.
import { loadDownstreamConfig } from '../syncer/downstream/kube-config.js';
import { KubeClient, hasStatus } from '../syncer/downstream/kube-client.js';
import type { KubeObject } from '../schemas/meta.js';
import { CliError } from './errors.js';
import { type KindInfo, apiVersionOf, kindByName, kindsByNames, objectRef } from './kinds.js';
import { KEPT_KINDS } from '../schemas/kind-names.js';

export interface Wanted {
  info: KindInfo;
  /** Absent: every object of the kind in the namespace that the selector matches. */
  name?: string;
}

export interface Found {
  info: KindInfo;
  object: KubeObject;
}

function adoptableKind(info: KindInfo): KindInfo {
  if (KEPT_KINDS.includes(info.kind))
    throw new CliError(`${info.plural} are kept by tmc itself, never adopted from a cluster`);
  return info;
}

/** `deploy/web cm/env` (by name) or one `deployments,configmaps` argument (by selector), as kubectl takes them. */
export function wantedOf(args: string[], selector: string | undefined): Wanted[] {
  const named = args.filter((a) => a.includes('/'));
  if (named.length > 0 && named.length !== args.length)
    throw new CliError('give either KIND/NAME arguments or one KIND[,KIND...] argument with -l, not both');
  if (named.length > 0) {
    if (selector !== undefined)
      throw new CliError('-l selects objects of a kind: give KIND[,KIND...] instead of KIND/NAME');
    return named.map((arg) => {
      const [kind = '', name = '', extra] = arg.split('/');
      if (!name || extra !== undefined) throw new CliError(`"${arg}" is not KIND/NAME, e.g. deploy/web`);
      return { info: adoptableKind(kindByName(kind)), name };
    });
  }
  if (args.length !== 1)
    throw new CliError('name what to adopt: KIND/NAME... (deploy/web) or KIND[,KIND...] -l SELECTOR');
  return kindsByNames(args[0]!)
    .filter((info) => !KEPT_KINDS.includes(info.kind))
    .map((info) => ({ info }));
}

const pathOf = (info: KindInfo, namespace: string, name?: string): string => {
  const base = `/${info.group ? 'apis' : 'api'}/${apiVersionOf(info)}`;
  const scope = info.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${info.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
};

interface ObjectList {
  items?: KubeObject[];
  metadata?: { continue?: string };
}

async function listAll(client: KubeClient, path: string, selector?: string): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let token: string | undefined;
  do {
    const query = { labelSelector: selector, limit: 500, continue: token };
    const page = await client.call<ObjectList>('GET', path, { query });
    items.push(...(page.items ?? []));
    token = page.metadata?.continue || undefined;
  } while (token);
  return items;
}

/** Reads what is wanted from the cluster; a named object that is not there is an error naming it. */
export async function readDownstream(
  kubeconfigPath: string | undefined,
  context: string | undefined,
  namespace: string,
  wanted: Wanted[],
  selector: string | undefined,
): Promise<Found[]> {
  let client: KubeClient;
  try {
    client = await KubeClient.fromKubeConfig(loadDownstreamConfig(kubeconfigPath, context).kubeconfig);
  } catch (error) {
    throw new CliError(`${(error as Error).message} (the kubeconfig of the cluster to adopt from)`);
  }
  const found: Found[] = [];
  try {
    for (const { info, name } of wanted) {
      const typed = (object: KubeObject): Found => ({
        info,
        object: { ...object, apiVersion: apiVersionOf(info), kind: info.kind },
      });
      if (name === undefined) {
        for (const object of await listAll(client, pathOf(info, namespace), selector)) found.push(typed(object));
        continue;
      }
      try {
        found.push(typed(await client.call<KubeObject>('GET', pathOf(info, namespace, name))));
      } catch (error) {
        if (!hasStatus(error, 404)) throw error;
        throw new CliError(`${objectRef(info, name)} not found in namespace "${namespace}" of the downstream cluster`);
      }
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the downstream cluster at ${client.server}: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
  return found;
}
