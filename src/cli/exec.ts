// `tmc exec (POD | pod/NAME | deploy/NAME) -n NS --target NAME [-c C] [-i] [-t] -- COMMAND [ARG...]`:
// runs a command in a container of a pod on one SyncTarget, through its agent's reverse tunnel
// (.../synctargets/{name}/proxy/.../pods/{pod}/exec, a WebSocket), with the caller's own right
// (create synctargets/proxy). Exits with the command's exit code, as kubectl exec does.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { CliError, reportError } from './errors.js';
import { runExec } from './exec-session.js';
import { namespaceOption } from './get.js';
import { podOf, proxyPath } from './logs.js';
import { flag } from './options.js';

interface ExecFlags {
  namespace: string;
  target?: string;
  container?: string;
  stdin?: boolean;
  tty?: boolean;
}

function execQuery(command: string[], flags: ExecFlags): URLSearchParams {
  const query = new URLSearchParams();
  for (const word of command) query.append('command', word);
  if (flags.container) query.set('container', flags.container);
  if (flags.stdin) query.set('stdin', 'true');
  query.set('stdout', 'true');
  // A terminal carries both streams as one, as a terminal shows them.
  if (flags.tty) query.set('tty', 'true');
  else query.set('stderr', 'true');
  return query;
}

async function exec(ref: string, words: string[], flags: ExecFlags, command: Command): Promise<number> {
  if (!flags.target) throw new CliError('name the SyncTarget whose pod to run in: --target NAME');
  if (words.length === 0)
    throw new CliError('name the command to run after --, e.g. tmc exec web-1 --target edge-1 -- ls /');
  const connection = resolveConnection(command);
  const proxy = proxyPath(flags.target);
  const pod = await withClient(connection, (client) => podOf(client, ref, flags, proxy));
  const base = connection.server.replace(/^http/, 'ws').replace(/\/+$/, '');
  const url = `${base}${proxy}/api/v1/namespaces/${flags.namespace}/pods/${pod}/exec?${execQuery(words, flags)}`;
  const ca = connection.caPem ?? (connection.caFile ? readFileSync(connection.caFile, 'utf8') : undefined);
  const raw = flags.tty && process.stdin.isTTY;
  if (raw) process.stdin.setRawMode(true);
  try {
    return await runExec(
      url,
      { headers: { authorization: `Bearer ${connection.token}` }, ...(ca ? { ca } : {}) },
      {
        ...(flags.stdin ? { stdin: process.stdin } : {}),
        stdout: process.stdout,
        stderr: process.stderr,
        ...(flags.tty && process.stdout.isTTY ? { terminal: process.stdout } : {}),
      },
    );
  } finally {
    if (raw) process.stdin.setRawMode(false);
    // The command is over: input still open (a terminal, a pipe not yet ended) must not keep tmc waiting.
    if (flags.stdin) process.stdin.destroy();
  }
}

export const execCommand = (): Command =>
  withConnectionOptions(new Command('exec'))
    .description("run a command in a pod's container on a SyncTarget, through its agent's tunnel")
    .argument('<pod>', 'POD, pod/NAME, or deploy/NAME (one of its pods on the target)')
    .argument('<command...>', 'the command and its arguments, after --')
    .addOption(namespaceOption())
    .addOption(flag('--target <name>', 'the SyncTarget whose cluster runs the pod'))
    .addOption(new Option('-c, --container <name>', 'the container (default: the only one)'))
    .addOption(new Option('-i, --stdin', 'pass standard input to the command'))
    .addOption(new Option('-t, --tty', 'run the command in a terminal (with -i for an interactive shell)'))
    .addHelpText(
      'after',
      "\nExit status: the command's own. Example:\n  tmc exec deploy/web -n shop --target edge-1 -- cat /etc/hostname\n" +
        '  tmc exec -it web-7c9f-abcde -n shop --target edge-1 -- sh\n',
    )
    .action(async (ref: string, words: string[], flags: ExecFlags, command: Command) => {
      try {
        process.exitCode = await exec(ref, words, flags, command);
      } catch (error) {
        reportError(error);
      }
    });
