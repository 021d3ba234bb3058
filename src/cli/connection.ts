// Where the admin commands connect and as whom: --server, --token and --ca-file, or a
// kubeconfig (--kubeconfig, $KUBECONFIG) such as the server's <data-dir>/admin.kubeconfig.
// Like kubectl's, these flags may stand before the verb (`tmc --server URL get st`) or after it
// (`tmc get st --server URL`). The root command has positional options on, so each admin verb
// declares them too, and the first flag found walking up from the verb wins. Each setting comes
// from the first source that has it: the flags, the --kubeconfig file, TMC_SERVER, TMC_TOKEN and
// TMC_CA_FILE, the $KUBECONFIG file, then the file `tmc login` wrote.
import { Option, type Command } from 'commander';
import { readSavedConnection } from './config-file.js';
import { CliError } from './errors.js';
import { type KubeconfigConnection, kubeconfigEnvPaths, readKubeconfig } from './kubeconfig.js';
import { flag } from './options.js';

export interface Connection {
  server: string;
  token: string;
  caFile?: string;
  /** PEM of the CA, from a kubeconfig's certificate-authority-data or a saved login. */
  caPem?: string;
}

/** One source of settings; `anyServer` marks a CA given for whatever server is used (--ca-file). */
type Layer = KubeconfigConnection & { anyServer?: boolean };

const connectionOptions = (): Option[] => [
  flag('--server <url>', 'URL of the tmc server (default: from `tmc login`)'),
  flag('--token <token>', 'admin bearer token (default: from `tmc login`)'),
  flag('--ca-file <file>', "CA certificate that signed an HTTPS server's certificate"),
  // Not TMC_KUBECONFIG: $KUBECONFIG, as kubectl reads it, is the variable for this.
  new Option('--kubeconfig <file>', 'kubeconfig to take server, CA and token from (default: $KUBECONFIG)'),
];

export function withConnectionOptions(command: Command): Command {
  for (const option of connectionOptions()) command.addOption(option);
  return command;
}

/** The value of a flag from one source ('cli' or 'env'), the nearest command first. */
function pick(command: Command, key: string, source: 'cli' | 'env'): string | undefined {
  for (let c: Command | null = command; c; c = c.parent) {
    if (c.getOptionValueSource(key) === source && c.getOptionValue(key)) return c.getOptionValue(key) as string;
  }
  return undefined;
}

export function checkServerUrl(server: string, flagName = '--server'): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`${flagName} "${server}" is not a URL: give one like https://tmc.example.com:6443`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`${flagName} "${server}" must be an http:// or https:// URL`);
  return server.replace(/\/+$/, '');
}

function flagLayer(command: Command, source: 'cli' | 'env'): Layer {
  const layer: Layer = { server: pick(command, 'server', source), token: pick(command, 'token', source) };
  const caFile = pick(command, 'caFile', source);
  return caFile ? { ...layer, caFile, anyServer: true } : layer;
}

/** The sources in order of precedence; the saved login only when `saved`. */
function layers(command: Command, saved: boolean): Layer[] {
  const kubeconfigFlag = pick(command, 'kubeconfig', 'cli');
  const envPaths = kubeconfigEnvPaths(process.env.KUBECONFIG);
  const result = [flagLayer(command, 'cli')];
  if (kubeconfigFlag) result.push(readKubeconfig([kubeconfigFlag], '--kubeconfig'));
  result.push(flagLayer(command, 'env'));
  if (!kubeconfigFlag && envPaths.length > 0) result.push(envKubeconfig(envPaths));
  if (saved) {
    const { caData, ...file } = readSavedConnection();
    result.push({ ...file, ...(caData ? { caPem: caData } : {}) });
  }
  return result;
}

/**
 * $KUBECONFIG often names a Kubernetes cluster's kubeconfig, whose users sign in with client
 * certificates or exec plugins: such a file has nothing for tmc and is passed over. One that
 * does not exist is passed over too, as kubectl does.
 */
function envKubeconfig(paths: string[]): Layer {
  try {
    const found = readKubeconfig(paths, '$KUBECONFIG');
    return found.token ? found : {};
  } catch (error) {
    if (/does not exist|has no current-context/.test((error as Error).message)) return {};
    throw error;
  }
}

export function resolveConnection(command: Command, { saved = true } = {}): Connection {
  const sources = layers(command, saved);
  const server = sources.find((layer) => layer.server)?.server;
  const token = sources.find((layer) => layer.token)?.token;
  const login = 'run `tmc login --server URL --token TOKEN` (or give --kubeconfig FILE, or set KUBECONFIG)';
  if (!server) throw new CliError(`no server configured: pass --server URL, set TMC_SERVER, or ${login}`);
  if (!token) throw new CliError(`no token configured: pass --token TOKEN, set TMC_TOKEN, or ${login}`);
  // A CA that came with another server must not be used for this one.
  const ca = sources.find((layer) => (layer.caFile || layer.caPem) && (layer.anyServer || layer.server === server));
  return {
    server: checkServerUrl(server),
    token,
    ...(ca?.caFile ? { caFile: ca.caFile } : {}),
    ...(ca?.caPem ? { caPem: ca.caPem } : {}),
  };
}
