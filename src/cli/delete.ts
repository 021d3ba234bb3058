// `tmc delete KIND NAME... [-n NS] [--ignore-not-found]`.
import { Command } from 'commander';
import { withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { isNotFound, reportError } from './errors.js';
import { kindByName, objectPath } from './kinds.js';
import { flag } from './options.js';
import { namespaceOption } from './get.js';

export function deleteCommand(): Command {
  return withConnectionOptions(new Command('delete'))
    .description('delete objects by kind and name')
    .argument('<kind>', 'the kind: synctargets (st), deployments (deploy), configmaps (cm), services (svc), ...')
    .argument('<names...>', 'names of the objects to delete')
    .addOption(namespaceOption())
    .addOption(flag('--ignore-not-found', 'succeed when an object is already gone'))
    .action(
      async (
        kindName: string,
        names: string[],
        flags: { namespace: string; ignoreNotFound?: boolean },
        command: Command,
      ) => {
        const info = kindByName(kindName);
        const namespace = info.namespaced ? flags.namespace : undefined;
        await withClient(resolveConnection(command), async (client) => {
          for (const name of names) {
            try {
              await client.delete(objectPath(info, name, namespace));
              process.stdout.write(`${info.kind.toLowerCase()} "${name}" deleted\n`);
            } catch (error) {
              if (!(flags.ignoreNotFound && isNotFound(error))) reportError(error);
            }
          }
        });
      },
    );
}
