// `tmc apply -f FILE|- [-f ...] [-n NS]`: create what is missing, patch what differs, leave the
// rest alone, and say which it did: `deployment/web created|configured|unchanged`.
import { Command } from 'commander';
import type { KubeObject } from '../schemas/meta.js';
import type { ApiClient } from './client.js';
import { withClient } from './client.js';
import { canonicalJson } from '../lib/canonical-json.js';
import { LAST_APPLIED, lastApplied, managedView, threeWayPatch } from './apply-patch.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { ApiStatusError, CliError, isNotFound, reportError } from './errors.js';
import { apiVersionOf, collectionPath, objectPath, objectRef } from './kinds.js';
import { type ManifestObject, readManifests } from './manifest-reader.js';
import { flag } from './options.js';
import { namespaceOption } from './get.js';

type Outcome = 'created' | 'configured' | 'unchanged';
const CONFLICT_RETRIES = 3;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The namespace an object goes to: its own, else -n; an explicit -n that disagrees is an error. */
function namespaceFor(item: ManifestObject, flagValue: string, explicit: boolean): string | undefined {
  if (!item.info.namespaced) return undefined;
  const own = item.object.metadata.namespace;
  if (own && explicit && own !== flagValue) {
    throw new CliError(`${item.source}: the object's namespace "${own}" does not match --namespace "${flagValue}"`);
  }
  return own || flagValue;
}

async function applyOne(client: ApiClient, item: ManifestObject, namespace: string | undefined): Promise<Outcome> {
  const name = item.object.metadata.name!;
  const view = managedView(item.object);
  const annotations = {
    ...(view.metadata as { annotations?: Record<string, string> }).annotations,
    [LAST_APPLIED]: canonicalJson(view),
  };
  const modified = { ...view, metadata: { ...(view.metadata as object), annotations } };
  const path = objectPath(item.info, name, namespace);

  for (let attempt = 1; ; attempt++) {
    let live: KubeObject | undefined;
    try {
      live = await client.get(path);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    try {
      if (!live) {
        const metadata = { name, ...(namespace ? { namespace } : {}), ...modified.metadata };
        await client.create(collectionPath(item.info, namespace), {
          apiVersion: apiVersionOf(item.info),
          kind: item.info.kind,
          ...modified,
          metadata,
        });
        return 'created';
      }
      const patch = threeWayPatch(lastApplied(live), modified, managedView(live, false));
      if (Object.keys(patch).length === 0) return 'unchanged';
      // Pinned to the version read, so a concurrent writer's change is never silently undone.
      const pin = live.metadata.resourceVersion ? { resourceVersion: live.metadata.resourceVersion } : {};
      const metadata = { ...(patch.metadata as object | undefined), ...pin };
      await client.patch(path, { ...patch, metadata });
      return 'configured';
    } catch (error) {
      const raced =
        error instanceof ApiStatusError && (error.reason === 'Conflict' || error.reason === 'AlreadyExists');
      if (!raced || attempt >= CONFLICT_RETRIES) throw error;
    }
  }
}

export function applyCommand(): Command {
  return withConnectionOptions(new Command('apply'))
    .description('create or update the objects in YAML or JSON files (multi-document and List files too)')
    .addOption(
      flag('-f, --filename <file>', 'file to apply, "-" for stdin (repeatable)')
        .argParser(collect)
        .makeOptionMandatory(),
    )
    .addOption(namespaceOption())
    .action(async (flags: { filename: string[]; namespace: string }, command: Command) => {
      const items = await readManifests(flags.filename);
      const explicit = command.getOptionValueSource('namespace') !== 'default';
      const targets = items.map((item) => ({ item, namespace: namespaceFor(item, flags.namespace, explicit) }));
      await withClient(resolveConnection(command), async (client) => {
        // Like kubectl: go on past a failed object, report it, and exit 1 at the end.
        for (const { item, namespace } of targets) {
          try {
            const outcome = await applyOne(client, item, namespace);
            process.stdout.write(`${objectRef(item.info, item.object.metadata.name!)} ${outcome}\n`);
          } catch (error) {
            reportError(error);
          }
        }
      });
    });
}
