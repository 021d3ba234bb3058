// The admin CLI's saved connection, written by `tmc login`: ~/.tmc/config.yaml. It holds a
// token, so the file is created 0600 inside a 0700 directory. $HOME decides where it is
// (os.homedir() honours it), which lets tests and scripts point it elsewhere.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CliError } from './errors.js';

export interface SavedConnection {
  server?: string;
  token?: string;
  caFile?: string;
  /** PEM of the CA, when the login came from a kubeconfig's certificate-authority-data. */
  caData?: string;
}

export const configFilePath = (): string => join(homedir(), '.tmc', 'config.yaml');

export function readSavedConnection(): SavedConnection {
  const file = configFilePath();
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(
      `${file} is not valid YAML (${(error as Error).message.split('\n')[0]}): fix it or run \`tmc login\` again`,
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new CliError(`${file} must be a mapping with server, token and caFile: run \`tmc login\` again`);
  const { server, token, caFile, caData } = parsed as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return { server: text(server), token: text(token), caFile: text(caFile), caData: text(caData) };
}

export function writeSavedConnection(connection: SavedConnection): string {
  const file = configFilePath();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, stringify(connection), { mode: 0o600 });
  // writeFileSync's mode applies only to a new file; an older, looser file is tightened too.
  chmodSync(file, 0o600);
  return file;
}
