// `tmc bootstrap NAME --image IMAGE [--server-url URL] [--ca-file CA] [--namespace NS]
// [--custom-group GROUP]... [--no-exec]`: creates the SyncTarget when missing, issues its agent token, and
// prints the manifest that makes a cluster join:
//   tmc bootstrap edge-1 --image IMG | kubectl apply --server-side -f -
// The manifest goes to stdout; what happened and what to do next go to stderr.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { type ApiClient, withClient } from './client.js';
import { DEFAULT_SYNCER_NAMESPACE, bootstrapManifest } from './bootstrap-manifest.js';
import { checkServerUrl, resolveConnection, withConnectionOptions } from './connection.js';
import { CliError, isNotFound } from './errors.js';
import { SYNC_TARGET, collectionPath, objectPath, objectRef } from './kinds.js';
import { flag, listFlag } from './options.js';
import { issueAgentToken } from './token.js';
import { customGroupProblem } from '../syncer/downstream/permissions.js';

interface BootstrapFlags {
  image: string;
  serverUrl?: string;
  namespace: string;
  customGroup: string[];
  exec: boolean;
}

const note = (line: string) => process.stderr.write(`${line}\n`);

/** How the manifest is applied. Server-side: a client-side apply would copy the token Secret into an annotation. */
export const KUBECTL_APPLY = 'kubectl apply --server-side -f -';

async function ensureSyncTarget(client: ApiClient, name: string): Promise<'created' | 'exists'> {
  try {
    await client.get(objectPath(SYNC_TARGET, name));
    return 'exists';
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await client.create(collectionPath(SYNC_TARGET), {
    apiVersion: 'workload.kcp.io/v1alpha1',
    kind: 'SyncTarget',
    metadata: { name },
  });
  return 'created';
}

function readCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read --ca-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new CliError(`--ca-file ${file} holds no PEM certificate`);
  return pem;
}

/** The --custom-group values, each once; a CliError for one the ClusterRole must not grant whole. */
export function customGroups(values: readonly string[]): string[] {
  for (const group of values) {
    const problem = customGroupProblem(group);
    if (problem) throw new CliError(`--custom-group ${problem}`);
  }
  return [...new Set(values)];
}

/** Warnings for settings that produce a manifest which cannot work or is unsafe. */
function warnAbout(serverUrl: string): void {
  const { hostname, protocol } = new URL(serverUrl);
  if (/^(localhost|127\.|\[::1\]$)/.test(hostname)) {
    note(
      `warning: the syncer will connect to ${serverUrl}, which a pod cannot reach: pass --server-url with an address the cluster can reach`,
    );
  }
  if (protocol === 'http:')
    note(`warning: ${serverUrl} is plain HTTP: the agent token will cross the network unencrypted`);
}

export function bootstrapCommand(): Command {
  return withConnectionOptions(new Command('bootstrap'))
    .description('register a cluster: create its SyncTarget, issue an agent token, print the syncer manifest')
    .argument('<name>', 'SyncTarget name for the cluster')
    .addOption(flag('--image <image>', 'container image of tmc that runs the syncer').makeOptionMandatory())
    .addOption(flag('--server-url <url>', 'URL at which the syncer reaches the server (default: --server)'))
    .addOption(flag('--namespace <namespace>', 'downstream namespace for the syncer', DEFAULT_SYNCER_NAMESPACE))
    .addOption(
      listFlag(
        '--custom-group <group>',
        'API group of custom resources the syncer may apply, e.g. example.com (repeatable)',
      ),
    )
    .addOption(
      flag('--no-exec', 'leave pods/exec out of the ClusterRole: no tmc exec or kubectl exec into this cluster'),
    )
    .addHelpText(
      'after',
      "\nThe CA (--ca-file, or the kubeconfig's) is used to reach the server and is also put into the\n" +
        'manifest for the syncer.\n' +
        "The syncer's ClusterRole names each kind it syncs, CustomResourceDefinitions among them. A custom\n" +
        'resource is applied only when its API group is granted with --custom-group GROUP (every resource\n' +
        'of that group; built-in groups are refused); without it the cluster refuses the object (403) and\n' +
        'its status says which --custom-group to add.\n' +
        'It also grants pods/exec (get, create), for tmc exec and kubectl exec through the control plane\n' +
        '(each call authorized and audited there); --no-exec leaves that out.\n' +
        'Example:\n  tmc bootstrap edge-1 --image registry.example/tmc:0.1.0 --server-url https://tmc.example:6443 \\\n' +
        `    --custom-group example.com | ${KUBECTL_APPLY}\n`,
    )
    .action(async (name: string, flags: BootstrapFlags, command: Command) => {
      const connection = resolveConnection(command);
      const serverUrl = flags.serverUrl ? checkServerUrl(flags.serverUrl, '--server-url') : connection.server;
      const caPem = connection.caPem ?? (connection.caFile ? readCa(connection.caFile) : undefined);
      const groups = customGroups(flags.customGroup);
      const manifest = await withClient(connection, async (client) => {
        const state = await ensureSyncTarget(client, name);
        note(`${objectRef(SYNC_TARGET, name)} ${state === 'created' ? 'created' : 'already exists'}`);
        const token = await issueAgentToken(client, name);
        note("issued a new agent token (earlier tokens of this target stop working after the server's --token-grace)");
        return bootstrapManifest({
          syncTarget: name,
          image: flags.image,
          serverUrl,
          token,
          namespace: flags.namespace,
          customGroups: groups,
          exec: flags.exec,
          ...(caPem ? { caPem } : {}),
        });
      });
      process.stdout.write(manifest);
      // After the work, so a failure above stays one line.
      warnAbout(serverUrl);
      note(`apply it to the cluster: ... | ${KUBECTL_APPLY} (the manifest on stdin); then watch: tmc get st ${name}`);
    });
}
