// `tmc rollout undo`: sets each object the Placement rolls out back to the last good generation,
// the one the targets not reached yet still keep. The server keeps that generation per target
// (the copy their agents are served); the spec is read from the feed of one such target whose
// copy no Override or replica share changed, so what is written back is the object's own spec.
import type { KubeObject } from '../schemas/meta.js';
import type { Placement } from '../schemas/placement.js';
import type { SyncTargetEntry } from '../schemas/deployment.js';
import { ruleOf, selects } from '../scheduling/placement-rules.js';
import type { ApiClient } from './client.js';
import { CliError } from './errors.js';
import { apiVersionOf, collectionPath, kindByName, objectPath, objectRef } from './kinds.js';

const FEED = (target: string) => `/apis/workload.kcp.io/v1alpha1/synctargets/${target}/objects`;

/** The entries that keep an older generation for the rollout, with the newest such generation. */
function lastGood(object: KubeObject): { generation: number; targets: SyncTargetEntry[] } | undefined {
  const generation = object.metadata.generation ?? 0;
  const entries = ((object.status as { syncTargets?: SyncTargetEntry[] } | undefined)?.syncTargets ?? []).filter(
    (e) => e.hold?.reason === 'Rollout' && e.hold.generation !== undefined && e.hold.generation < generation,
  );
  if (entries.length === 0) return undefined;
  const good = Math.max(...entries.map((e) => e.hold!.generation!));
  return { generation: good, targets: entries.filter((e) => e.hold!.generation === good) };
}

async function undoOne(client: ApiClient, object: KubeObject): Promise<string | undefined> {
  const good = lastGood(object);
  if (!good) return undefined;
  const info = kindByName(object.kind);
  const ref = objectRef(info, object.metadata.name ?? '');
  const clean = good.targets.find((e) => !e.overrides?.length && e.desiredReplicas === undefined);
  if (!clean) {
    throw new CliError(
      `${ref}: every target keeping generation ${good.generation} has Overrides or a replica share; ` +
        'set its spec back by hand (`tmc apply -f`)',
    );
  }
  const feed = await client.call<{ items: KubeObject[] }>('GET', FEED(clean.name));
  const kept = feed.items.find(
    (i) =>
      i.kind === object.kind &&
      i.metadata.namespace === object.metadata.namespace &&
      i.metadata.name === object.metadata.name,
  );
  if (!kept) throw new CliError(`${ref}: ${clean.name} no longer keeps generation ${good.generation}; run it again`);
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...fields } = kept;
  const { status, ...live } = object;
  // A replace with the live resourceVersion: a change made meanwhile fails with a conflict instead of being lost.
  const restored = { apiVersion: object.apiVersion, kind: object.kind, metadata: live.metadata, ...fields };
  const path = objectPath(info, object.metadata.name ?? '', object.metadata.namespace);
  const written = await client.call<KubeObject>('PUT', path, restored);
  return `${ref} rolled back to the spec of generation ${good.generation} (now generation ${written.metadata.generation})`;
}

/** Undoes every object the Placement selects that its rollout left behind; the lines to print. */
export async function undoRollout(client: ApiClient, placement: Placement): Promise<string[]> {
  const rule = ruleOf(placement as unknown as KubeObject);
  const lines: string[] = [];
  for (const kind of new Set(rule.selectors.map((s) => s.kind))) {
    const info = kindByName(kind);
    const { items } = await client.list(collectionPath(info, rule.namespace));
    for (const item of items) {
      const object = { ...item, apiVersion: item.apiVersion ?? apiVersionOf(info), kind };
      if (!selects(rule, object)) continue;
      const line = await undoOne(client, object);
      if (line) lines.push(line);
    }
  }
  return lines;
}
