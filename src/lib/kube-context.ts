// Picking the context of a kubeconfig, for the syncer's downstream cluster and the kcp mirror
// alike: errors name the flag that picks it and the contexts the file has.
import type { KubeConfig } from '@kubernetes/client-node';

export interface ContextSource {
  /** The flag that names a context, e.g. "--context". */
  flag: string;
  /** How errors name the kubeconfig, e.g. "the downstream kubeconfig" or its path. */
  file: string;
}

/** Switches to `context` when one is given, and makes sure a cluster is selected. */
export function selectContext(config: KubeConfig, context: string | undefined, source: ContextSource): void {
  if (context) {
    if (!config.getContextObject(context)) {
      const known =
        config
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new Error(`${source.flag} "${context}" is not in ${source.file} (its contexts: ${known})`);
    }
    config.setCurrentContext(context);
  }
  if (!config.getCurrentCluster())
    throw new Error(`${source.file} names no cluster for its current context: pass ${source.flag} NAME`);
}
