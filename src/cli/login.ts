// `tmc login --server URL --token TOKEN [--ca-file CA]` or `tmc login --kubeconfig FILE`: check
// the credentials against the server, then save them for the other commands in
// ~/.tmc/config.yaml (mode 0600). A kubeconfig's CA data is saved in the file itself.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { withClient } from './client.js';
import { writeSavedConnection } from './config-file.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { SYNC_TARGET, collectionPath } from './kinds.js';

export function loginCommand(): Command {
  return withConnectionOptions(new Command('login'))
    .description('check a server URL and admin token (or a kubeconfig), and save them for the other commands')
    .addHelpText(
      'after',
      '\nExamples:\n  tmc login --kubeconfig data/admin.kubeconfig\n' +
        '  tmc login --server https://tmc.example.com:6443 --token "$TOKEN" --ca-file ca.crt\n',
    )
    .action(async (_flags: unknown, command: Command) => {
      // Flags, TMC_* and kubeconfigs only: logging in again must not read the login it replaces.
      const connection = resolveConnection(command, { saved: false });
      // An admin-only read: a wrong URL, an untrusted certificate or a bad token fails here, not later.
      await withClient(connection, (client) => client.call('GET', `${collectionPath(SYNC_TARGET)}?limit=1`));
      const file = writeSavedConnection({
        server: connection.server,
        token: connection.token,
        // Saved absolute, so the file works from any working directory.
        ...(connection.caFile ? { caFile: resolve(connection.caFile) } : {}),
        ...(connection.caPem ? { caData: connection.caPem } : {}),
      });
      process.stdout.write(`logged in to ${connection.server}; saved to ${file}\n`);
    });
}
