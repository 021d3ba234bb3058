// `tmc login --server URL --token TOKEN [--ca-file CA]`: check the credentials against the
// server, then save them for the other commands in ~/.tmc/config.yaml (mode 0600).
import { resolve } from 'node:path';
import { Command } from 'commander';
import { withClient } from './client.js';
import { writeSavedConnection } from './config-file.js';
import { checkServerUrl, givenConnection, withConnectionOptions } from './connection.js';
import { CliError } from './errors.js';
import { SYNC_TARGET, collectionPath } from './kinds.js';

export function loginCommand(): Command {
  return withConnectionOptions(new Command('login'))
    .description('check a server URL and admin token, and save them for the other commands')
    .action(async (_flags: unknown, command: Command) => {
      const given = givenConnection(command);
      if (!given.server) throw new CliError('tmc login needs --server URL (or TMC_SERVER)');
      if (!given.token) throw new CliError('tmc login needs --token TOKEN (or TMC_TOKEN)');
      const connection = {
        server: checkServerUrl(given.server),
        token: given.token,
        // Saved absolute, so the file works from any working directory.
        ...(given.caFile ? { caFile: resolve(given.caFile) } : {}),
      };
      // An admin-only read: a wrong URL, an untrusted certificate or a bad token fails here, not later.
      await withClient(connection, (client) => client.call('GET', `${collectionPath(SYNC_TARGET)}?limit=1`));
      const file = writeSavedConnection(connection);
      process.stdout.write(`logged in to ${connection.server}; saved to ${file}\n`);
    });
}
