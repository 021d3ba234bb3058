// The whole `tmc` command tree, built without parsing anything, so tests can read the flags
// (and the environment variables they derive) straight from the commander definitions.
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { adoptCommand } from './adopt.js';
import { applyCommand } from './apply.js';
import { bootstrapCommand } from './bootstrap.js';
import { withConnectionOptions } from './connection.js';
import { cordonCommand, uncordonCommand } from './cordon.js';
import { execCommand } from './exec.js';
import { logsCommand } from './logs.js';
import { deleteCommand } from './delete.js';
import { describeCommand } from './describe.js';
import { diffCommand } from './diff.js';
import { encryptionCommand } from './encryption-command.js';
import { getCommand } from './get.js';
import { loginCommand } from './login.js';
import { rolloutCommand } from './rollout.js';
import { serverCommand } from './server-command.js';
import { syncerCommand } from './syncer-command.js';
import { tokenCommand } from './token.js';
import { userCommand } from './user.js';

export function buildProgram(): Command {
  const program = new Command('tmc')
    .description('TMC: a pull-based multi-cluster control plane')
    .version(VERSION)
    .showHelpAfterError()
    // Positional: a flag before the verb belongs to tmc, one after it to the verb. The admin
    // verbs declare --server/--token/--ca-file too, so both places work (see connection.ts),
    // and `tmc syncer --server` keeps a --server of its own.
    .enablePositionalOptions();
  withConnectionOptions(program);
  const commands = [
    serverCommand(),
    syncerCommand(),
    loginCommand(),
    getCommand(),
    describeCommand(),
    diffCommand(),
    applyCommand(),
    adoptCommand(),
    deleteCommand(),
    cordonCommand(),
    uncordonCommand(),
    logsCommand(),
    execCommand(),
    rolloutCommand(),
    tokenCommand(),
    userCommand(),
    bootstrapCommand(),
    encryptionCommand(),
  ];
  for (const command of commands) {
    program.addCommand(command);
  }
  return program;
}
