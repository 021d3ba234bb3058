// The resource definitions of the kinds tmc carries as given (ConfigMap, Secret, Service, ...
// HorizontalPodAutoscaler): one per row of the kinds table, with the kind's own rules. The
// generic routes, discovery, OpenAPI documents and Tables follow from them.
import { listOf } from '../../schemas/meta.js';
import { CARRIED_KINDS, type KindEntry } from '../../schemas/kinds.js';
import { ROLLOUT_KINDS } from '../../scheduling/observed-generation.js';
import { statusOf } from '../../scheduling/status-entries.js';
import { CORE_RULES } from './core-kind-rules.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { WORKLOAD_RULES } from './workload-kind-rules.js';

const RULES = { ...CORE_RULES, ...WORKLOAD_RULES };
// batch/v1 Jobs orphan their dependents when a delete names no propagationPolicy, as in Kubernetes.
const ORPHANING_KINDS = ['Job'];

export function carriedResource(entry: KindEntry): ResourceDefinition {
  const apiVersion = entry.group ? `${entry.group}/${entry.version}` : entry.version;
  return {
    group: entry.group,
    version: entry.version,
    kind: entry.kind,
    plural: entry.plural,
    namespaced: entry.namespaced,
    schema: entry.schema,
    listSchema: listOf(entry.schema, apiVersion, entry.kind),
    // Built-in kinds take strategic merge patches (what `kubectl apply` sends to an existing
    // object); lists the schema gives no merge key are replaced whole, as kubectl then expects.
    strategicMergePatch: true,
    ...(RULES[entry.kind] ? { validate: RULES[entry.kind] } : {}),
    // A workload kubectl rolls out counts as updated only the pods of its generation: a spec change
    // recomputes its totals in the same write (as a Deployment's), not in a second one by the scheduler.
    ...(ROLLOUT_KINDS.includes(entry.kind) ? { statusForGeneration: statusOf } : {}),
    ...(ORPHANING_KINDS.includes(entry.kind) ? { orphansByDefault: true } : {}),
    ...(entry.shortNames.length ? { shortNames: entry.shortNames } : {}),
    ...(entry.categories.length ? { categories: entry.categories } : {}),
  };
}

export const carriedResources: readonly ResourceDefinition[] = CARRIED_KINDS.map(carriedResource);
