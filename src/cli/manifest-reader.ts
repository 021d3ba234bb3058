// Reads what `tmc apply -f` is given: files or stdin ("-"), each holding one or more YAML
// documents or a JSON object, where any document may be a List. Everything is read and checked
// before anything is sent, so a broken file changes nothing on the server.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../schemas/meta.js';
import { CliError } from './errors.js';
import { type KindInfo, kindOfObject } from './kinds.js';

export interface ManifestObject {
  object: KubeObject;
  info: KindInfo;
  /** Where it came from, for messages: `app.yaml document 2`. */
  source: string;
}

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseDocuments(text: string, name: string): unknown[] {
  return parseAllDocuments(text).map((document) => {
    const [problem] = document.errors;
    // The parser's first line already names the line and column.
    if (problem)
      throw new CliError(`${name} is not valid YAML or JSON: ${problem.message.split('\n')[0]!.replace(/:$/, '')}`);
    return document.toJS() as unknown;
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkObject(value: unknown, source: string): ManifestObject {
  if (!isObject(value)) throw new CliError(`${source}: expected an object with apiVersion, kind and metadata`);
  let info: KindInfo;
  try {
    info = kindOfObject(value.apiVersion, value.kind);
  } catch (error) {
    throw new CliError(`${source}: ${(error as Error).message}`);
  }
  const metadata = value.metadata;
  if (!isObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    throw new CliError(`${source}: ${info.kind} has no metadata.name`);
  }
  return { object: value as KubeObject, info, source };
}

/** A document, or the items of a List document (kind List or any *List with items). */
function expand(value: unknown, source: string): ManifestObject[] {
  if (isObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.map((item, i) => checkObject(item, `${source} item ${i + 1}`));
  }
  return [checkObject(value, source)];
}

export async function readManifests(files: string[]): Promise<ManifestObject[]> {
  const objects: ManifestObject[] = [];
  for (const file of files) {
    const name = file === '-' ? 'stdin' : file;
    const documents = parseDocuments(await readInput(file), name);
    documents.forEach((document, i) => {
      if (document === null || document === undefined) return;
      objects.push(...expand(document, documents.length > 1 ? `${name} document ${i + 1}` : name));
    });
  }
  if (objects.length === 0)
    throw new CliError(`no objects found in ${files.map((f) => (f === '-' ? 'stdin' : f)).join(', ')}`);
  return objects;
}
