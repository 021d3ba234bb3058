// `tmc adopt KIND/NAME... | KIND[,KIND...] -l SELECTOR --target T --cluster-kubeconfig FILE [-n NS]`:
// moves a running application under tmc without touching it, as `karmadactl promote` does. It
// reads the objects from the cluster, writes them to tmc as they are (less what the cluster set),
// then a Placement that puts them back on that cluster's SyncTarget with conflictResolution Adopt:
// its agent takes each over in place, so nothing is recreated and the same pod template starts no
// rollout. `-o yaml|json` prints the objects and the Placement instead (for GitOps), writing nothing.
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { redactUrl } from '../lib/redact.js';
import type { KubeObject } from '../schemas/meta.js';
import { adoptable, notAdoptable } from './adopt-clean.js';
import { mergedSpec, newPlacement, placementName, selectorsFor } from './adopt-placement.js';
import type { Found } from './adopt-read.js';
import { type ApiClient, withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { ApiStatusError, CliError, isNotFound, reportError } from './errors.js';
import { namespaceOption } from './get.js';
import { collectionPath, objectPath, objectRef } from './kinds.js';
import { flag } from './options.js';

interface AdoptFlags {
  target: string;
  clusterKubeconfig: string;
  clusterContext?: string;
  namespace: string;
  selector?: string;
  placement?: string;
  output?: 'yaml' | 'json';
}

const PLACEMENTS = { kind: 'Placement', group: 'scheduling.kcp.io', version: 'v1alpha1', plural: 'placements' };
const placementsInfo = { ...PLACEMENTS, namespaced: true, shortNames: [] };

/** Writes one object to tmc; an object already there is left as it is (it may differ from what runs). */
async function writeObject(client: ApiClient, found: Found, namespace: string): Promise<boolean> {
  const name = found.object.metadata.name!;
  try {
    await client.create(collectionPath(found.info, namespace), adoptable(found.object));
    process.stdout.write(`${objectRef(found.info, name)} created\n`);
    return true;
  } catch (error) {
    if (!(error instanceof ApiStatusError && error.reason === 'AlreadyExists')) throw error;
    reportError(
      new CliError(
        `${objectRef(found.info, name)} is already in tmc: not adopted (placing tmc's copy could change what runs; ` +
          'compare it with the running one, then add it to a Placement with conflictResolution: Adopt yourself)',
      ),
    );
    return false;
  }
}

async function writePlacement(client: ApiClient, placement: KubeObject, target: string): Promise<void> {
  const { name, namespace } = placement.metadata;
  const path = objectPath(placementsInfo, name!, namespace);
  const selectors = (placement.spec as { resourceSelectors: Parameters<typeof mergedSpec>[2] }).resourceSelectors;
  try {
    const live = await client.get(path);
    const spec = mergedSpec(live.spec as Parameters<typeof mergedSpec>[0], target, selectors);
    await client.patch(path, { metadata: { resourceVersion: live.metadata.resourceVersion }, spec });
    process.stdout.write(`placement/${name} configured\n`);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await client.create(collectionPath(placementsInfo, namespace), placement);
    process.stdout.write(`placement/${name} created\n`);
  }
}

/** The objects offered for adoption; the others are named on stderr with the reason. */
function adoptableOnly(found: Found[]): Found[] {
  return found.filter((f) => {
    const why = notAdoptable(f.object);
    if (why) process.stderr.write(`${objectRef(f.info, f.object.metadata.name!)} skipped: ${why}\n`);
    return !why;
  });
}

export function adoptCommand(): Command {
  return withConnectionOptions(new Command('adopt'))
    .description(
      'move objects running in a cluster under tmc without restarting them: read them from the cluster, ' +
        'write them to tmc and place them back on its SyncTarget with conflictResolution Adopt',
    )
    .argument('<what...>', 'KIND/NAME... (deploy/web cm/env), or KIND[,KIND...] with -l (deployments,configmaps)')
    .addOption(flag('--target <synctarget>', 'the SyncTarget of the cluster they run in').makeOptionMandatory())
    .addOption(
      flag('--cluster-kubeconfig <file>', 'kubeconfig of that cluster, to read the objects').makeOptionMandatory(),
    )
    .addOption(flag('--cluster-context <context>', 'context in --cluster-kubeconfig (default: its current one)'))
    .addOption(namespaceOption())
    .addOption(flag('-l, --selector <selector>', 'label selector, with KIND[,KIND...] (e.g. app=web)'))
    .addOption(flag('--placement <name>', 'the Placement to write or add to (default: adopted-<target>)'))
    .addOption(
      new Option('-o, --output <format>', 'print the objects and the Placement instead of writing them').choices([
        'yaml',
        'json',
      ]),
    )
    .action(async (what: string[], flags: AdoptFlags, command: Command) => {
      // Loaded here: the Kubernetes client it needs would slow the start of every other command.
      const { readDownstream, wantedOf } = await import('./adopt-read.js');
      const wanted = wantedOf(what, flags.selector);
      const { namespace, target } = flags;
      const read = await readDownstream(
        flags.clusterKubeconfig,
        flags.clusterContext,
        namespace,
        wanted,
        flags.selector,
      );
      const found = adoptableOnly(read);
      if (found.length === 0) throw new CliError(`nothing to adopt in namespace "${namespace}": no object matched`);
      const name = placementName(flags.placement, target);
      if (flags.output) {
        const items = [
          ...found.map((f) => adoptable(f.object)),
          newPlacement(name, namespace, target, selectorsFor(found)),
        ];
        const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
        process.stdout.write(flags.output === 'json' ? `${JSON.stringify(list, null, 2)}\n` : stringify(list));
        return;
      }
      const connection = resolveConnection(command);
      await withClient(connection, async (client) => {
        const written: Found[] = [];
        for (const f of found) {
          try {
            if (await writeObject(client, f, namespace)) written.push(f);
          } catch (error) {
            reportError(error);
          }
        }
        if (written.length === 0) return;
        await writePlacement(client, newPlacement(name, namespace, target, selectorsFor(written)), target);
        process.stdout.write(
          `The agent of SyncTarget "${target}" now takes them over in place; ` +
            `\`tmc describe KIND NAME -n ${namespace}\` ` +
            `shows Adopted on ${target} (tmc at ${redactUrl(connection.server)}).\n`,
        );
      });
    });
}
