// Which downstream cluster the agent works on, in the documented order: --kubeconfig when
// given; else the pod's service account when running in a cluster; else $KUBECONFIG; else
// ~/.kube/config. --context picks a context in the file.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { selectContext } from '../../lib/kube-context.js';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface DownstreamSource {
  kind: 'flag' | 'in-cluster' | 'KUBECONFIG' | 'home';
  /** The file read, for the start-up log line; absent in-cluster. */
  path?: string;
}

/** Where the configuration comes from; pure but for the file checks passed in. */
export function downstreamSource(
  flagPath: string | undefined,
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean = existsSync,
  home: string = homedir(),
): DownstreamSource {
  if (flagPath) return { kind: 'flag', path: flagPath };
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && exists(SERVICE_ACCOUNT_TOKEN))
    return { kind: 'in-cluster' };
  if (env.KUBECONFIG) return { kind: 'KUBECONFIG', path: env.KUBECONFIG };
  const path = join(home, '.kube', 'config');
  if (exists(path)) return { kind: 'home', path };
  throw new Error(
    'no downstream cluster configured: pass --kubeconfig FILE (or TMC_KUBECONFIG), set KUBECONFIG, ' +
      'put a kubeconfig in ~/.kube/config, or run the syncer in a pod with a service account',
  );
}

export function loadDownstreamConfig(
  flagPath: string | undefined,
  context: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { kubeconfig: KubeConfig; source: DownstreamSource } {
  const source = downstreamSource(flagPath, env);
  const kubeconfig = new KubeConfig();
  try {
    if (source.kind === 'in-cluster') kubeconfig.loadFromCluster();
    else if (source.kind === 'KUBECONFIG') kubeconfig.loadFromDefault();
    else kubeconfig.loadFromFile(source.path!);
  } catch (error) {
    throw new Error(
      `cannot read the downstream kubeconfig ${source.path ?? '(in-cluster)'}: ${(error as Error).message}`,
    );
  }
  selectContext(kubeconfig, context, {
    flag: '--context',
    file: `the downstream kubeconfig${source.path ? ` ${source.path}` : ''}`,
  });
  return { kubeconfig, source };
}
