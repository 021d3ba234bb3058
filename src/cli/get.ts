// `tmc get KIND[,KIND...]|CATEGORY [NAME...] [-n NS | -A] [-l SELECTOR] [-o table|wide|json|yaml]`.
import { Command } from 'commander';
import type { KubeObject } from '../schemas/meta.js';
import { type ApiClient, withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { CliError, reportError } from './errors.js';
import { type KindInfo, DEFAULT_NAMESPACE, apiVersionOf, collectionPath, kindsByNames, objectPath } from './kinds.js';
import { flag, integerFlag } from './options.js';
import { type OutputFormat, formatObjects, outputOption } from './output.js';

interface GetFlags {
  namespace: string;
  allNamespaces?: boolean;
  selector?: string;
  output: OutputFormat;
  chunkSize: number;
}

export const namespaceOption = () =>
  flag('-n, --namespace <namespace>', 'namespace of namespaced kinds', DEFAULT_NAMESPACE);

// List items may leave out apiVersion and kind; printed documents always carry them.
const typed = (info: KindInfo, object: KubeObject): KubeObject => {
  const { apiVersion = apiVersionOf(info), kind = info.kind, ...rest } = object;
  return { apiVersion, kind, ...rest };
};

/** How kubectl names objects when it prints several kinds: `deployment.apps/web`, `service/web`. */
const qualified = (info: KindInfo, object: KubeObject): KubeObject => {
  const prefix = `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ''}`;
  return { ...object, metadata: { ...object.metadata, name: `${prefix}/${object.metadata.name}` } };
};

async function fetchObjects(
  client: ApiClient,
  info: KindInfo,
  names: string[],
  namespace: string | undefined,
  flags: GetFlags,
): Promise<KubeObject[]> {
  if (names.length === 0) {
    return (await client.list(collectionPath(info, namespace), flags.selector, flags.chunkSize)).items;
  }
  // Like kubectl: show what exists, report each missing name, exit 1 if any was missing.
  const objects: KubeObject[] = [];
  for (const name of names) {
    try {
      objects.push(await client.get(objectPath(info, name, namespace)));
    } catch (error) {
      reportError(error);
    }
  }
  return objects;
}

export function getCommand(): Command {
  return withConnectionOptions(new Command('get'))
    .description('list objects, or show the named ones')
    .argument(
      '<kind>',
      'a kind (synctargets/st, deployments/deploy, configmaps/cm, services/svc, ...), ' +
        'several separated by commas, or a category: all (as kubectl get all), tmc',
    )
    .argument('[names...]', 'names of the objects to show (default: all)')
    .addOption(namespaceOption())
    .addOption(flag('-A, --all-namespaces', 'list the objects of namespaced kinds in every namespace'))
    .addOption(flag('-l, --selector <selector>', 'label selector, e.g. "env=prod,region in (eu,us)"'))
    .addOption(outputOption())
    .addOption(integerFlag('--chunk-size <n>', 'list in pages of this many objects', '500'))
    .action(async (kindName: string, names: string[], flags: GetFlags, command: Command) => {
      const infos = kindsByNames(kindName);
      const several = infos.length > 1;
      if (several && names.length > 0) throw new CliError('names can be looked up for one kind at a time');
      if (names.length > 0 && flags.selector) throw new CliError('a label selector (-l) cannot be combined with names');
      if (names.length > 0 && flags.allNamespaces && infos[0]!.namespaced) {
        throw new CliError('names are looked up in one namespace: drop -A or the names');
      }
      const tabular = flags.output === 'table' || flags.output === 'wide';
      const scopeOf = (info: KindInfo) => (info.namespaced && !flags.allNamespaces ? flags.namespace : undefined);

      await withClient(resolveConnection(command), async (client) => {
        const found: { info: KindInfo; objects: KubeObject[] }[] = [];
        for (const info of infos) {
          found.push({ info, objects: await fetchObjects(client, info, names, scopeOf(info), flags) });
        }
        const total = found.reduce((sum, f) => sum + f.objects.length, 0);
        if (total === 0 && (tabular || names.length > 0)) {
          const namespace = infos.some((i) => i.namespaced) && !flags.allNamespaces ? flags.namespace : undefined;
          if (names.length === 0)
            process.stderr.write(`No resources found${namespace ? ` in ${namespace} namespace` : ''}.\n`);
          return;
        }
        if (!tabular) {
          const all = found.flatMap(({ info, objects }) => objects.map((o) => typed(info, o)));
          const print = { format: flags.output, asList: several || names.length !== 1, withNamespace: false };
          process.stdout.write(formatObjects(infos[0]!.kind, all, print));
          return;
        }
        // One table per kind that has objects, separated by a blank line, as kubectl prints them.
        const tables = found
          .filter((f) => f.objects.length > 0)
          .map(({ info, objects }) =>
            formatObjects(
              info.kind,
              objects.map((o) => (several ? qualified(info, typed(info, o)) : typed(info, o))),
              { format: flags.output, asList: true, withNamespace: info.namespaced && flags.allNamespaces === true },
            ),
          );
        process.stdout.write(tables.join('\n'));
      });
    });
}
