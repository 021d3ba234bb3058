// `tmc logs (POD | pod/NAME | deploy/NAME) -n NS --target NAME [-f]`: a container's log on one
// SyncTarget, read through its agent's reverse tunnel (.../synctargets/{name}/proxy), with the
// caller's own rights (get synctargets/proxy). A Deployment stands for one of its pods there, as
// with `kubectl logs deploy/NAME`: its selector (from tmc) picks them, a running one first.
import { Command, Option } from 'commander';
import { parseDuration } from '../lib/duration.js';
import type { KubeObject } from '../schemas/meta.js';
import { type ApiClient, withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { CliError, reportError } from './errors.js';
import { SYNC_TARGET, objectPath } from './kinds.js';
import { flag } from './options.js';
import { namespaceOption } from './get.js';

interface LogsFlags {
  namespace: string;
  target?: string;
  follow?: boolean;
  container?: string;
  tail?: string;
  since?: string;
  timestamps?: boolean;
}

type Pod = KubeObject & { status?: { phase?: string } };

export const proxyPath = (target: string): string => `${objectPath(SYNC_TARGET, target)}/proxy`;

/** The pod a reference names: itself, or one of a Deployment's pods on the target (logs, exec). */
export async function podOf(
  client: ApiClient,
  ref: string,
  flags: { namespace: string; target?: string },
  proxy: string,
): Promise<string> {
  const [kind, name] = ref.includes('/') ? ref.split('/', 2) : ['pod', ref];
  if (!name) throw new CliError(`"${ref}" names nothing: use POD, pod/NAME or deploy/NAME`);
  if (['pod', 'pods', 'po'].includes(kind!)) return name;
  if (!['deploy', 'deployment', 'deployments'].includes(kind!))
    throw new CliError(`this takes a pod or a Deployment, not "${kind}": use POD, pod/NAME or deploy/NAME`);
  const deployment = await client.get(`/apis/apps/v1/namespaces/${flags.namespace}/deployments/${name}`);
  const labels = (deployment.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector
    ?.matchLabels;
  if (!labels || Object.keys(labels).length === 0)
    throw new CliError(`deployment/${name} has no spec.selector.matchLabels to find its pods by`);
  const selector = Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const query = new URLSearchParams({ labelSelector: selector });
  const list = await client.call<{ items: Pod[] }>(
    'GET',
    `${proxy}/api/v1/namespaces/${flags.namespace}/pods?${query}`,
  );
  const pods = list.items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const chosen = pods.find((pod) => pod.status?.phase === 'Running') ?? pods[0];
  if (!chosen)
    throw new CliError(`deployment/${name} has no pods on sync target "${flags.target}" (selector ${selector})`);
  if (pods.length > 1) process.stderr.write(`Found ${pods.length} pods, using pod/${chosen.metadata.name}\n`);
  return chosen.metadata.name ?? '';
}

function logQuery(flags: LogsFlags): URLSearchParams {
  const query = new URLSearchParams();
  if (flags.container) query.set('container', flags.container);
  if (flags.follow) query.set('follow', 'true');
  if (flags.timestamps) query.set('timestamps', 'true');
  if (flags.tail !== undefined && flags.tail !== '-1') {
    if (!/^\d+$/.test(flags.tail)) throw new CliError(`--tail takes a whole number of lines, not "${flags.tail}"`);
    query.set('tailLines', flags.tail);
  }
  if (flags.since !== undefined) {
    const ms = parseDuration(flags.since);
    query.set('sinceSeconds', String(Math.max(1, Math.ceil(ms / 1000))));
  }
  return query;
}

async function logs(ref: string, flags: LogsFlags, command: Command): Promise<void> {
  if (!flags.target) throw new CliError('name the SyncTarget whose pod to read: --target NAME');
  const proxy = proxyPath(flags.target);
  const query = logQuery(flags);
  await withClient(resolveConnection(command), async (client) => {
    const pod = await podOf(client, ref, flags, proxy);
    const stop = new AbortController();
    // ^C ends a followed log: the server then stops the agent's read downstream.
    const interrupt = () => stop.abort();
    process.once('SIGINT', interrupt);
    try {
      const body = await client.stream(
        `${proxy}/api/v1/namespaces/${flags.namespace}/pods/${pod}/log?${query}`,
        stop.signal,
      );
      for await (const chunk of body) process.stdout.write(chunk as Buffer);
    } catch (error) {
      if (!stop.signal.aborted) throw error;
    } finally {
      process.off('SIGINT', interrupt);
    }
  });
}

export const logsCommand = (): Command =>
  withConnectionOptions(new Command('logs'))
    .description("print a container's log from a pod on a SyncTarget, read through its agent's tunnel")
    .argument('<pod>', 'POD, pod/NAME, or deploy/NAME (one of its pods on the target)')
    .addOption(namespaceOption())
    .addOption(flag('--target <name>', 'the SyncTarget whose cluster runs the pod'))
    .addOption(new Option('-f, --follow', 'stream new lines until interrupted'))
    .addOption(new Option('-c, --container <name>', 'the container (default: the only one)'))
    .addOption(new Option('--tail <lines>', 'only the last lines (-1: all)'))
    .addOption(new Option('--since <duration>', 'only lines newer than this (5s, 2m, 1h)'))
    .addOption(new Option('--timestamps', 'prefix each line with its time'))
    .action(async (ref: string, flags: LogsFlags, command: Command) => {
      try {
        await logs(ref, flags, command);
      } catch (error) {
        reportError(error);
      }
    });
