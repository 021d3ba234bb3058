// Where a desired object's kind is served downstream, before anything is applied: the REST
// mapper's answer, or why there is none to act on. A kind the cluster does not serve is an
// Error, unless the feed carries its definition: then the object waits for it (definitions.ts).
// A cluster-scoped kind is refused, but for a CustomResourceDefinition.
import { isDefinition } from '../../schemas/apply-order.js';
import type { OwnedObjects } from '../downstream/owned-cache.js';
import { NoKindMatchError, type ResourceMapping, type RestMapper } from '../downstream/rest-mapper.js';
import { errorReport } from '../upstream/status-report.js';
import type { ReportSink } from '../upstream/status-reporter.js';
import type { ApplyOrder } from './apply-order.js';
import type { DefinitionWaits } from './definitions.js';
import type { Desired } from './desired-state.js';

export interface KindMappingDeps {
  mapper: RestMapper;
  owned: OwnedObjects;
  definitions: DefinitionWaits;
  order: ApplyOrder;
  reporter: ReportSink;
  requeue: (key: string, delayMs: number) => void;
}

/** The mapping of `desired`'s kind; undefined, settled and reported, when it is not served (yet) or not allowed. */
export async function mappingOf(
  deps: KindMappingDeps,
  key: string,
  desired: Desired,
): Promise<ResourceMapping | undefined> {
  const { apiVersion, kind, metadata } = desired.item;
  let mapping: ResourceMapping;
  try {
    mapping = await deps.mapper.mapping(apiVersion, kind);
  } catch (error) {
    deps.order.settle(key, desired.hash);
    const wait =
      error instanceof NoKindMatchError ? deps.definitions.wait(key, desired.item, deps.owned.get(key)) : undefined;
    if (!wait) {
      deps.reporter.set(key, errorReport(metadata.generation, (error as Error).message));
      throw error;
    }
    if (wait.report) deps.reporter.set(key, wait.report);
    deps.requeue(key, wait.delayMs);
    return undefined;
  }
  deps.definitions.done(key);
  // Placements are namespaced; a tenant's object must never turn into a cluster-wide one. A
  // definition is the exception: only a tmc admin creates one upstream.
  if (mapping.namespaced || isDefinition(apiVersion, kind)) return mapping;
  deps.order.settle(key, desired.hash);
  const message = `${mapping.kind} is cluster-scoped downstream: the syncer applies namespaced kinds only`;
  deps.reporter.set(key, errorReport(metadata.generation, message));
  return undefined;
}
