// `tmc user create|token|revoke|delete NAME`: tmc Users, the named credentials of people and
// pipelines. create and token print only the new token (shown once, so it can go straight into
// a file or a kubeconfig); what a user may do is up to RBAC bindings that name it or its groups.
import { Command } from 'commander';
import { parseDuration } from '../lib/duration.js';
import type { ApiClient } from './client.js';
import { withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { CliError } from './errors.js';

const USERS = '/apis/tmc.kcp.io/v1alpha1/users';

interface TokenFlags {
  expiration?: string;
  grace?: string;
}

const seconds = (flag: string, text: string): number => {
  try {
    return Math.round(parseDuration(text) / 1000);
  } catch (error) {
    throw new CliError(`${flag}: ${(error as Error).message}`);
  }
};

async function issue(client: ApiClient, name: string, flags: TokenFlags): Promise<string> {
  const body = {
    ...(flags.expiration ? { expirationSeconds: seconds('--expiration', flags.expiration) } : {}),
    ...(flags.grace ? { gracePeriodSeconds: seconds('--grace', flags.grace) } : {}),
  };
  const answer = await client.call<{ token?: unknown }>('POST', `${USERS}/${encodeURIComponent(name)}/tokens`, body);
  if (typeof answer?.token !== 'string' || answer.token === '') {
    throw new CliError('the server answered without a token: is it a tmc server of this version?');
  }
  return answer.token;
}

const collect = (value: string, previous: string[]) => [...previous, value];

const withTokenFlags = (command: Command) =>
  command
    .option('--expiration <duration>', 'the token ends after this (e.g. 720h); none: it never expires')
    .option(
      '--grace <duration>',
      "how long the user's older tokens stay valid (default: the server's --token-grace; 0s ends them)",
    );

function createCommand(): Command {
  return withTokenFlags(withConnectionOptions(new Command('create')))
    .description('create a User with groups and print its first token (shown once)')
    .argument('<name>', 'user name, as RBAC bindings name it')
    .option('--group <group>', 'a group the user is in (repeat for more)', collect, [])
    .action(async (name: string, flags: TokenFlags & { group: string[] }, command: Command) => {
      const token = await withClient(resolveConnection(command), async (client) => {
        const spec = { groups: flags.group };
        const user = { apiVersion: 'tmc.kcp.io/v1alpha1', kind: 'User', metadata: { name }, spec };
        await client.call('POST', USERS, user);
        return issue(client, name, flags);
      });
      process.stdout.write(`${token}\n`);
    });
}

function tokenCommand(): Command {
  return withTokenFlags(withConnectionOptions(new Command('token')))
    .description('issue a new token for a User (shown once); older ones end after the grace period')
    .argument('<name>', 'user name')
    .action(async (name: string, flags: TokenFlags, command: Command) => {
      process.stdout.write(`${await withClient(resolveConnection(command), (client) => issue(client, name, flags))}\n`);
    });
}

function revokeCommand(): Command {
  return withConnectionOptions(new Command('revoke'))
    .description('end every token of a User at once (the User stays; `tmc user token` gives it a new one)')
    .argument('<name>', 'user name')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const path = `${USERS}/${encodeURIComponent(name)}/tokens`;
      await withClient(resolveConnection(command), (client) => client.call('DELETE', path));
      process.stdout.write(`user/${name} tokens revoked\n`);
    });
}

function deleteCommand(): Command {
  return withConnectionOptions(new Command('delete'))
    .description('delete a User: its tokens end at once')
    .argument('<name>', 'user name')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const path = `${USERS}/${encodeURIComponent(name)}`;
      await withClient(resolveConnection(command), (client) => client.call('DELETE', path));
      process.stdout.write(`user "${name}" deleted\n`);
    });
}

export function userCommand(): Command {
  return new Command('user')
    .description('manage tmc Users: named credentials with groups, for people and pipelines')
    .addCommand(createCommand())
    .addCommand(tokenCommand())
    .addCommand(revokeCommand())
    .addCommand(deleteCommand());
}
