// The kinds the admin commands know (the server's kinds table), their REST paths, and the names
// an operator may type for them (kubectl-style: plural, singular, short name, and the fully
// qualified plural), and the categories `tmc get all` expands.
// The names table, not the schema-bearing one: the CLI does not load TypeBox to start.
import { KIND_NAMES, type KindNames } from '../schemas/kind-names.js';
import { CliError } from './errors.js';

export type KindInfo = Pick<KindNames, 'kind' | 'group' | 'version' | 'plural' | 'namespaced' | 'shortNames'> & {
  categories?: string[];
};

export const KINDS: readonly KindInfo[] = KIND_NAMES;

export const SYNC_TARGET: KindInfo = KINDS.find((k) => k.kind === 'SyncTarget')!;

/** The kinds of a category (`all`: what `kubectl get all` lists), in table order; empty for no category. */
export const kindsInCategory = (category: string): KindInfo[] =>
  KINDS.filter((k) => k.categories?.includes(category.toLowerCase()));

export const DEFAULT_NAMESPACE = 'default';

export const apiVersionOf = (info: KindInfo): string => (info.group ? `${info.group}/${info.version}` : info.version);

const namesOf = (info: KindInfo): string[] => [
  info.plural,
  info.kind.toLowerCase(),
  info.group ? `${info.plural}.${info.group}` : info.plural,
  ...info.shortNames,
];

const known = (): string => KINDS.map((k) => [k.plural, ...k.shortNames].join('|')).join(', ');

/** The kind an operator typed on the command line: `st`, `deploy`, `placements`, ... */
export function kindByName(typed: string): KindInfo {
  const name = typed.toLowerCase();
  const info = KINDS.find((k) => namesOf(k).includes(name));
  if (!info) throw new CliError(`unknown resource type "${typed}": use one of ${known()}`);
  return info;
}

/**
 * The kinds of a `tmc get` argument: one name, a comma-separated list (`cm,svc,secret`), or a
 * category (`all`), as kubectl takes them; each kind once, in the order typed.
 */
export function kindsByNames(typed: string): KindInfo[] {
  const found: KindInfo[] = [];
  for (const name of typed.split(',').filter((n) => n !== '')) {
    const category = kindsInCategory(name);
    for (const info of category.length > 0 ? category : [kindByName(name)]) {
      if (!found.includes(info)) found.push(info);
    }
  }
  if (found.length === 0) throw new CliError(`unknown resource type "${typed}": use one of ${known()}`);
  return found;
}

/** The kind a manifest declares with apiVersion and kind. */
export function kindOfObject(apiVersion: unknown, kind: unknown): KindInfo {
  const info = KINDS.find((k) => k.kind === kind);
  if (!info) {
    const kinds = KINDS.map((k) => k.kind).join(', ');
    throw new CliError(`unknown kind ${JSON.stringify(kind)}: tmc manages ${kinds}`);
  }
  if (apiVersion !== apiVersionOf(info))
    throw new CliError(`kind ${info.kind} needs apiVersion ${apiVersionOf(info)}, not ${JSON.stringify(apiVersion)}`);
  return info;
}

/** The collection path; namespace undefined means all namespaces (namespaced kinds only). */
export function collectionPath(info: KindInfo, namespace?: string): string {
  const scope = info.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `/${info.group ? 'apis' : 'api'}/${apiVersionOf(info)}${scope}/${info.plural}`;
}

export const objectPath = (info: KindInfo, name: string, namespace?: string): string =>
  `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;

/** How kubectl names an object in messages: `deployment/web`. */
export const objectRef = (info: KindInfo, name: string): string => `${info.kind.toLowerCase()}/${name}`;
