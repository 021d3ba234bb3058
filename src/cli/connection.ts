// Where the admin commands connect and as whom: --server, --token and --ca-file.
// Like kubectl's, these flags may stand before the verb (`tmc --server URL get st`) or after it
// (`tmc get st --server URL`). The root command has positional options on, so each admin verb
// declares them too, and the first flag found walking up from the verb wins; then TMC_SERVER,
// TMC_TOKEN, TMC_CA_FILE; then the file `tmc login` wrote.
import type { Command, Option } from 'commander';
import { readSavedConnection, type SavedConnection } from './config-file.js';
import { CliError } from './errors.js';
import { flag } from './options.js';

export interface Connection {
  server: string;
  token: string;
  caFile?: string;
}

const connectionOptions = (): Option[] => [
  flag('--server <url>', 'URL of the tmc server (default: from `tmc login`)'),
  flag('--token <token>', 'admin bearer token (default: from `tmc login`)'),
  flag('--ca-file <file>', 'CA certificate that signed an HTTPS server\'s certificate'),
];

type Key = keyof SavedConnection;

export function withConnectionOptions(command: Command): Command {
  for (const option of connectionOptions()) command.addOption(option);
  return command;
}

/** A flag given on the command line beats any environment variable, which beats the saved file. */
function pick(command: Command, key: Key): string | undefined {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.push(c);
  for (const source of ['cli', 'env'] as const) {
    const found = chain.find((c) => c.getOptionValueSource(key) === source && c.getOptionValue(key));
    if (found) return found.getOptionValue(key) as string;
  }
  return undefined;
}

export function checkServerUrl(server: string, flagName = '--server'): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`${flagName} "${server}" is not a URL: give one like https://tmc.example.com:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${flagName} "${server}" must be an http:// or https:// URL`);
  return server.replace(/\/+$/, '');
}

/** The flags and environment only, without the saved file: what `tmc login` is asked to save. */
export function givenConnection(command: Command): SavedConnection {
  return { server: pick(command, 'server'), token: pick(command, 'token'), caFile: pick(command, 'caFile') };
}

export function resolveConnection(command: Command): Connection {
  const given = givenConnection(command);
  const saved = readSavedConnection();
  const server = given.server ?? saved.server;
  const token = given.token ?? saved.token;
  if (!server) throw new CliError('no server configured: pass --server URL, set TMC_SERVER, or run `tmc login --server URL --token TOKEN`');
  if (!token) throw new CliError('no token configured: pass --token TOKEN, set TMC_TOKEN, or run `tmc login --server URL --token TOKEN`');
  // A CA saved for another server must not be used for this one.
  const caFile = given.caFile ?? (given.server === undefined || given.server === saved.server ? saved.caFile : undefined);
  return { server: checkServerUrl(server), token, ...(caFile ? { caFile } : {}) };
}
