// The kinds the admin commands know, their REST paths, and the names an operator may type for
// them (kubectl-style: plural, singular, short name, and the fully qualified plural).
import { CliError } from './errors.js';

export interface KindInfo {
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  shortNames: string[];
}

export const KINDS: readonly KindInfo[] = [
  { kind: 'SyncTarget', group: 'workload.kcp.io', version: 'v1alpha1', plural: 'synctargets', namespaced: false, shortNames: ['st'] },
  { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments', namespaced: true, shortNames: ['deploy'] },
  { kind: 'Placement', group: 'scheduling.kcp.io', version: 'v1alpha1', plural: 'placements', namespaced: true, shortNames: [] },
];

export const SYNC_TARGET: KindInfo = KINDS[0]!;

/**
 * Namespaces are implicit on the server (any DNS-1123 label is one), so there is no such kind
 * to get or delete; `tmc apply` takes a manifest's Namespace documents all the same.
 */
export const NAMESPACE: KindInfo = {
  kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', namespaced: false, shortNames: ['ns'],
};

export const DEFAULT_NAMESPACE = 'default';

export const apiVersionOf = (info: KindInfo): string => (info.group ? `${info.group}/${info.version}` : info.version);

const namesOf = (info: KindInfo): string[] => [info.plural, info.kind.toLowerCase(), `${info.plural}.${info.group}`, ...info.shortNames];

const known = (): string => KINDS.map((k) => [k.plural, ...k.shortNames].join('|')).join(', ');

/** The kind an operator typed on the command line: `st`, `deploy`, `placements`, ... */
export function kindByName(typed: string): KindInfo {
  const name = typed.toLowerCase();
  const info = KINDS.find((k) => namesOf(k).includes(name));
  if (!info) throw new CliError(`unknown resource type "${typed}": use one of ${known()}`);
  return info;
}

/** The kind a manifest declares with apiVersion and kind. */
export function kindOfObject(apiVersion: unknown, kind: unknown): KindInfo {
  const info = [...KINDS, NAMESPACE].find((k) => k.kind === kind);
  if (!info) {
    const kinds = KINDS.map((k) => k.kind).join(', ');
    throw new CliError(`unknown kind ${JSON.stringify(kind)}: tmc manages ${kinds} (and takes Namespaces)`);
  }
  if (apiVersion !== apiVersionOf(info)) throw new CliError(`kind ${info.kind} needs apiVersion ${apiVersionOf(info)}, not ${JSON.stringify(apiVersion)}`);
  return info;
}

/** The collection path; namespace undefined means all namespaces (namespaced kinds only). */
export function collectionPath(info: KindInfo, namespace?: string): string {
  const scope = info.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `/apis/${apiVersionOf(info)}${scope}/${info.plural}`;
}

export const objectPath = (info: KindInfo, name: string, namespace?: string): string =>
  `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;

/** How kubectl names an object in messages: `deployment/web`. */
export const objectRef = (info: KindInfo, name: string): string => `${info.kind.toLowerCase()}/${name}`;
