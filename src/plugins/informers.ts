// The shared informers: one per kind the indexes and controllers read, listed once while the
// app is built (a store that cannot be read fails the start) and kept current on every replica,
// since the SyncTarget index and the agents' feed serve on all of them. The leader's controllers
// (scheduler, kcp mirror) attach to the same informers when they start, and leave them when
// leadership goes, without listing again.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SharedInformers } from '../runtime/shared-informers.js';
import { ACCESS_KINDS } from '../schemas/access.js';
import { CRD_KIND, type CustomResourceDefinition } from '../schemas/crd.js';
import { KINDS } from '../schemas/kinds.js';

declare module 'fastify' {
  interface FastifyInstance {
    informers: SharedInformers;
  }
}

async function informers(app: FastifyInstance): Promise<void> {
  // Every kind: the scheduler places objects of every kind a Placement may select, and the feed
  // serves each kind placed on a target (Secrets too, opened by the store).
  const shared = new SharedInformers(app.store, [...KINDS.map((k) => k.kind), ...ACCESS_KINDS, CRD_KIND]);
  await shared.start();
  // And each kind a CustomResourceDefinition defines, from its first sight on: a Placement may
  // select its objects. The kinds defined at start are listed before the app serves.
  const definitions = shared.informer(CRD_KIND);
  definitions.addHandler(({ type, object }) => {
    if (type !== 'DELETED') shared.add((object as unknown as CustomResourceDefinition).spec.names.kind);
  });
  await Promise.all(shared.addedKinds.map((kind) => shared.informer(kind).synced()));
  app.decorate('informers', shared);
  // Registered before the leader and the plugins that read the informers, so this runs after
  // their onClose hooks: no controller or index sees the caches emptied while it still works.
  app.addHook('onClose', async () => shared.stop());
}

export default fp(informers, { name: 'informers', dependencies: ['store'] });
