// Owners and dependents (metadata.ownerReferences): on the leader, the garbage collector, which
// deletes what every owner of has gone; on every replica, the writes a DELETE with
// propagationPolicy Orphan makes to the owner's dependents first. Owners are resolved against
// every kind the API serves, custom resources included, as discovery lists them.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ResourceDefinition } from '../api/http/resource-definition.js';
import { dependentWrites } from '../api/patch/dependent-writes.js';
import type { DependentWrites } from '../garbage/dependent-writes.js';
import { GarbageCollector } from '../garbage/garbage-collector.js';
import { Owners } from '../garbage/owners.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The writes to an owner's dependents (an orphaning delete's, the collector's). */
    dependentWrites: DependentWrites;
  }
}

async function garbageCollector(app: FastifyInstance): Promise<void> {
  const served = (): ResourceDefinition[] =>
    app.kubeApi.resources.groupVersions().flatMap((gv) => gv.resources.map((r) => r.def));
  // A kind is stored under its name alone: no two served kinds share one.
  const definitionOf = (kind: string) => served().find((def) => def.kind === kind);
  const scopeOf = (group: string, kind: string) => {
    const def = definitionOf(kind);
    return def?.group === group ? def : undefined;
  };
  const writes = dependentWrites(app.store, definitionOf);
  app.decorate('dependentWrites', writes);
  const owners = new Owners(app.informers, scopeOf, app.store);
  const log = app.log.child({ component: 'garbage-collector' });
  app.whileLeader('garbage-collector', new GarbageCollector(app.informers, owners, writes, log));
}

export default fp(garbageCollector, {
  name: 'garbage-collector',
  dependencies: ['store', 'informers', 'leader', 'kube-api', 'custom-resources'],
});
