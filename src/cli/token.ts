// `tmc token NAME`: issue a new agent token for a SyncTarget and print only the token, so it
// can go straight into a file or a Secret. Older tokens stop working after the server's grace
// period (--token-grace), which gives a running syncer time to pick up the new one.
import { Command } from 'commander';
import type { ApiClient } from './client.js';
import { withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { CliError } from './errors.js';
import { SYNC_TARGET, objectPath } from './kinds.js';

export async function issueAgentToken(client: ApiClient, syncTarget: string): Promise<string> {
  const answer = await client.call<{ token?: unknown }>('POST', `${objectPath(SYNC_TARGET, syncTarget)}/tokens`, {});
  if (typeof answer?.token !== 'string' || answer.token === '')
    throw new CliError('the server answered without a token: is it a tmc server of this version?');
  return answer.token;
}

export function tokenCommand(): Command {
  return withConnectionOptions(new Command('token'))
    .description('issue a new agent token for a SyncTarget (older ones are revoked after a grace period)')
    .argument('<name>', 'SyncTarget name')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const token = await withClient(resolveConnection(command), (client) => issueAgentToken(client, name));
      process.stdout.write(`${token}\n`);
    });
}
