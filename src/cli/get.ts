// `tmc get KIND [NAME...] [-n NS | -A] [-l SELECTOR] [-o table|wide|json|yaml]`.
import { Command } from 'commander';
import { type KubeObject, withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { CliError, reportError } from './errors.js';
import { type KindInfo, DEFAULT_NAMESPACE, apiVersionOf, collectionPath, kindByName, objectPath } from './kinds.js';
import { flag, integerFlag } from './options.js';
import { type OutputFormat, formatObjects, outputOption } from './output.js';

interface GetFlags {
  namespace: string;
  allNamespaces?: boolean;
  selector?: string;
  output: OutputFormat;
  chunkSize: number;
}

export const namespaceOption = () => flag('-n, --namespace <namespace>', 'namespace of Deployments and Placements', DEFAULT_NAMESPACE);

// List items may leave out apiVersion and kind; printed documents always carry them.
const typed = (info: KindInfo, object: KubeObject): KubeObject => ({ apiVersion: apiVersionOf(info), kind: info.kind, ...object });

export function getCommand(): Command {
  return withConnectionOptions(new Command('get'))
    .description('list objects, or show the named ones')
    .argument('<kind>', 'synctargets (st), deployments (deploy) or placements')
    .argument('[names...]', 'names of the objects to show (default: all)')
    .addOption(namespaceOption())
    .addOption(flag('-A, --all-namespaces', 'list Deployments or Placements of every namespace'))
    .addOption(flag('-l, --selector <selector>', 'label selector, e.g. "env=prod,region in (eu,us)"'))
    .addOption(outputOption())
    .addOption(integerFlag('--chunk-size <n>', 'list in pages of this many objects', '500'))
    .action(async (kindName: string, names: string[], flags: GetFlags, command: Command) => {
      const info = kindByName(kindName);
      const allNamespaces = info.namespaced && flags.allNamespaces === true;
      if (names.length > 0 && flags.selector) throw new CliError('a label selector (-l) cannot be combined with names');
      if (names.length > 0 && allNamespaces) throw new CliError('names are looked up in one namespace: drop -A or the names');
      const namespace = info.namespaced && !allNamespaces ? flags.namespace : undefined;

      await withClient(resolveConnection(command), async (client) => {
        let objects: KubeObject[] = [];
        if (names.length === 0) {
          objects = (await client.list(collectionPath(info, namespace), flags.selector, flags.chunkSize)).items;
        } else {
          // Like kubectl: show what exists, report each missing name, exit 1 if any was missing.
          for (const name of names) {
            try {
              objects.push(await client.get(objectPath(info, name, namespace)));
            } catch (error) {
              reportError(error);
            }
          }
        }
        const tabular = flags.output === 'table' || flags.output === 'wide';
        if (objects.length === 0 && (tabular || names.length > 0)) {
          if (names.length === 0) process.stderr.write(`No resources found${namespace ? ` in ${namespace} namespace` : ''}.\n`);
          return;
        }
        const printed = formatObjects(info.kind, objects.map((o) => typed(info, o)), {
          format: flags.output,
          asList: names.length !== 1,
          withNamespace: allNamespaces,
        });
        process.stdout.write(printed);
      });
    });
}
