// `tmc describe KIND NAME... [-n NS]`: each object as a person reads it (describe-text.ts).
import { Command } from 'commander';
import { withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { describeText } from './describe-text.js';
import { reportError } from './errors.js';
import { namespaceOption } from './get.js';
import { kindByName, objectPath } from './kinds.js';

export function describeCommand(): Command {
  return withConnectionOptions(new Command('describe'))
    .description('show objects in detail: spec, placement on SyncTargets and conditions')
    .argument('<kind>', 'the kind: synctargets (st), deployments (deploy), configmaps (cm), secrets, ...')
    .argument('<names...>', 'names of the objects to describe')
    .addOption(namespaceOption())
    .action(async (kindName: string, names: string[], flags: { namespace: string }, command: Command) => {
      const info = kindByName(kindName);
      const namespace = info.namespaced ? flags.namespace : undefined;
      await withClient(resolveConnection(command), async (client) => {
        const texts: string[] = [];
        for (const name of names) {
          try {
            texts.push(describeText(await client.get(objectPath(info, name, namespace))));
          } catch (error) {
            // Like kubectl: describe what exists, report each missing name, exit 1 if any was missing.
            reportError(error);
          }
        }
        process.stdout.write(texts.join('\n'));
      });
    });
}
