// What the agent settles before it syncs anything: its token, its downstream cluster, and that
// its downstream credentials may do everything it needs. Missing permissions stop it with
// their names; a cluster that is merely unreachable is waited for.
import type { Logger } from 'pino';
import { redactUrl } from '../lib/redact.js';
import { Backoff, sleep } from './backoff.js';
import { DownstreamUnavailableError, KubeApiError, KubeClient } from './downstream/kube-client.js';
import { loadDownstreamConfig } from './downstream/kube-config.js';
import { checkPermissions } from './downstream/permission-check.js';

export interface DownstreamOptions {
  kubeconfig?: string;
  context?: string;
}

/** The downstream client, once its permissions are confirmed; undefined when stopped first. */
export async function connectDownstream(
  options: DownstreamOptions,
  log: Logger,
  signal: AbortSignal,
): Promise<KubeClient | undefined> {
  const { kubeconfig, source } = loadDownstreamConfig(options.kubeconfig, options.context);
  const client = await KubeClient.fromKubeConfig(kubeconfig);
  const server = redactUrl(client.server);
  log.info(
    {
      event: 'downstream',
      server,
      source: source.kind,
      kubeconfig: source.path,
      context: kubeconfig.getCurrentContext(),
    },
    'downstream cluster',
  );
  const backoff = new Backoff({ baseMs: 1_000, maxMs: 30_000, jitter: 0.2 });
  for (;;) {
    try {
      await checkPermissions(client, signal);
      log.info({ event: 'permissions-checked' }, 'the downstream credentials have every permission the syncer needs');
      return client;
    } catch (error) {
      const transient =
        error instanceof DownstreamUnavailableError || (error instanceof KubeApiError && error.statusCode >= 500);
      if (signal.aborted || !transient) {
        await client.close();
        if (signal.aborted) return undefined;
        if (error instanceof KubeApiError && error.statusCode === 401) {
          throw new Error(
            `the downstream API server ${server} refused the credentials (401): check --kubeconfig and --context`,
          );
        }
        throw error;
      }
      const wait = backoff.next();
      log.warn(
        { event: 'downstream-unreachable', retryInMs: wait, err: (error as Error).message },
        'cannot check the downstream permissions yet: retrying',
      );
      await sleep(wait, signal);
    }
  }
}
