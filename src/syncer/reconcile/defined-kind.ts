// What a CustomResourceDefinition defines, read from its spec as the feed gives it: the desired
// state indexes definitions by it, and objects waiting for a definition name it in their reports.
import { record, text } from '../../lib/health/fields.js';

/** What a definition defines, from its spec as given. */
export interface DefinedKind {
  /** "Widget.example.com" */
  groupKind: string;
  /** "widgets.example.com": how status reports name it */
  resource: string;
  /** "example.com/v1", one per version */
  apiVersions: string[];
}

export function definedKind(definition: { kind?: string; spec?: unknown }): DefinedKind | undefined {
  const spec = record(definition.spec);
  const names = record(spec.names);
  const [group, kind, plural] = [text(spec.group), text(names.kind), text(names.plural)];
  if (!group || !kind || !plural) return undefined;
  const versions = Array.isArray(spec.versions) ? spec.versions.map((v) => text(record(v).name)) : [];
  const apiVersions = versions.flatMap((version) => (version ? [`${group}/${version}`] : []));
  return { groupKind: `${kind}.${group}`, resource: `${plural}.${group}`, apiVersions };
}
