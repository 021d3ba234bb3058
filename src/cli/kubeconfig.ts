// Reading where to connect from a kubeconfig, as kubectl does: the current context's cluster
// (server, certificate-authority-data or certificate-authority) and user (token or tokenFile).
// $KUBECONFIG may list several files (':'-separated); as in kubectl, missing ones are skipped and
// the first file that sets a value (current-context, an entry of a name) wins.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { CliError } from './errors.js';

export interface KubeconfigConnection {
  server?: string;
  token?: string;
  /** PEM from certificate-authority-data. */
  caPem?: string;
  /** certificate-authority, absolute. */
  caFile?: string;
}

interface Named {
  name?: unknown;
  [key: string]: unknown;
}
interface Loaded {
  file: string;
  doc: Record<string, unknown>;
}

function load(file: string): Loaded {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0];
    throw new CliError(`cannot read the kubeconfig ${file} (${why})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new CliError(`the kubeconfig ${file} is not a mapping`);
  }
  return { file, doc: doc as Record<string, unknown> };
}

/** The entry named `name` in the first file that has one, with the file it came from. */
type Found = { value: Record<string, unknown>; file: string } | undefined;

function entry(files: Loaded[], list: string, field: string, name: string): Found {
  for (const { file, doc } of files) {
    const items = Array.isArray(doc[list]) ? (doc[list] as Named[]) : [];
    const found = items.find((item) => item?.name === name);
    const value = found?.[field];
    if (typeof value === 'object' && value !== null) return { value: value as Record<string, unknown>, file };
  }
  return undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Relative paths in a kubeconfig are relative to the file that holds them. */
const pathIn = (file: string, path: string): string => resolve(dirname(file), path);

export function readKubeconfig(paths: string[], what: string): KubeconfigConnection {
  const files = paths.filter((path) => existsSync(path)).map(load);
  if (files.length === 0) throw new CliError(`${what} ${paths.join(delimiter)} does not exist`);
  const name = files.map(({ doc }) => text(doc['current-context'])).find((value) => value !== undefined);
  if (!name) throw new CliError(`${what} ${paths.join(delimiter)} has no current-context`);
  const context = entry(files, 'contexts', 'context', name);
  if (!context) throw new CliError(`${what} ${paths.join(delimiter)} has no context "${name}"`);
  const clusterName = text(context.value.cluster);
  const userName = text(context.value.user);
  const cluster = clusterName ? entry(files, 'clusters', 'cluster', clusterName) : undefined;
  const user = userName ? entry(files, 'users', 'user', userName) : undefined;
  if (cluster?.value['insecure-skip-tls-verify'] === true) {
    throw new CliError(
      `${what} ${cluster.file}: insecure-skip-tls-verify is not supported; give certificate-authority-data`,
    );
  }
  const result: KubeconfigConnection = {};
  const server = text(cluster?.value.server);
  if (server) result.server = server;
  const caData = text(cluster?.value['certificate-authority-data']);
  const caFile = text(cluster?.value['certificate-authority']);
  if (caData) result.caPem = Buffer.from(caData, 'base64').toString('utf8');
  else if (caFile && cluster) result.caFile = pathIn(cluster.file, caFile);
  const token = text(user?.value.token);
  const tokenFile = text(user?.value.tokenFile);
  if (token) result.token = token;
  else if (tokenFile && user) result.token = readTokenFile(pathIn(user.file, tokenFile), what);
  return result;
}

function readTokenFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot read the tokenFile ${path} of ${what} (${code})`);
  }
}

/** The files $KUBECONFIG names, in order. */
export const kubeconfigEnvPaths = (value: string | undefined): string[] =>
  (value ?? '').split(delimiter).filter((path) => path !== '');
