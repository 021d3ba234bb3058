// Creating a downstream object the agent's cache does not hold, making sure its namespace
// exists first (a cluster-scoped one has none); a 409 means someone else's object is there,
// which conflict.ts resolves.
import type { KubeObject } from '../../schemas/meta.js';
import { hasStatus } from '../downstream/kube-client.js';
import type { ResourceMapping } from '../downstream/rest-mapper.js';
import { type ConflictContext, createConflict } from './conflict.js';
import type { Desired } from './desired-state.js';
import type { EffectivePolicy } from './sync-policy.js';

export async function createOrResolve(
  ctx: ConflictContext,
  key: string,
  mapping: ResourceMapping,
  desired: Desired,
  policy: EffectivePolicy,
): Promise<KubeObject | undefined> {
  const { namespace } = desired.item.metadata;
  const started = performance.now();
  if (mapping.namespaced) await ctx.applier.ensureNamespace(namespace);
  let created: KubeObject;
  try {
    created = await ctx.applier.create(mapping, desired.manifest);
  } catch (error) {
    if (hasStatus(error, 404) && mapping.namespaced) ctx.applier.forgetNamespace(namespace);
    if (!hasStatus(error, 409)) throw error;
    return createConflict(ctx, key, mapping, desired, policy);
  }
  const ms = Math.round(performance.now() - started);
  ctx.log.info({ event: 'apply', key, reason: 'create', generation: desired.item.metadata.generation, ms }, 'created');
  return created;
}
