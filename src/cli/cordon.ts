// `tmc cordon NAME...` / `tmc uncordon NAME...`: set a SyncTarget's spec.unschedulable, as
// `kubectl cordon` does for nodes. Deployments already there stay; no new ones are placed.
import { Command } from 'commander';
import type { SyncTarget } from '../schemas/synctarget.js';
import { withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { reportError } from './errors.js';
import { SYNC_TARGET, objectPath, objectRef } from './kinds.js';

function unschedulableCommand(verb: 'cordon' | 'uncordon', unschedulable: boolean, description: string): Command {
  return withConnectionOptions(new Command(verb))
    .description(description)
    .argument('<names...>', 'SyncTarget names')
    .action(async (names: string[], _flags: unknown, command: Command) => {
      await withClient(resolveConnection(command), async (client) => {
        for (const name of names) {
          try {
            const path = objectPath(SYNC_TARGET, name);
            const live = await client.call<SyncTarget>('GET', path);
            if ((live.spec?.unschedulable === true) === unschedulable) {
              process.stdout.write(`${objectRef(SYNC_TARGET, name)} already ${verb}ed\n`);
              continue;
            }
            // Merge patch of one field: nothing else on the target is touched.
            await client.patch(path, { spec: { unschedulable } });
            process.stdout.write(`${objectRef(SYNC_TARGET, name)} ${verb}ed\n`);
          } catch (error) {
            reportError(error);
          }
        }
      });
    });
}

export const cordonCommand = (): Command =>
  unschedulableCommand('cordon', true, 'mark SyncTargets unschedulable: no new Deployments are placed on them');

export const uncordonCommand = (): Command =>
  unschedulableCommand('uncordon', false, 'mark SyncTargets schedulable again');
