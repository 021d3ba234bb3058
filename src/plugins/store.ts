// The store: opened from the configuration (or handed in by tests) and migrated before anything
// reads it, so a store that cannot be opened or upgraded fails the start. Closed last.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

export interface StorePluginOptions {
  /** An already open store (tests share one between app instances); the app does not close it. */
  store?: Store;
}

async function storePlugin(app: FastifyInstance, options: StorePluginOptions): Promise<void> {
  const store = options.store ?? (await openStore(app.config, app.log));
  await store.migrate();
  app.readiness.add('store', async () => {
    await store.ping();
    return undefined;
  });
  app.decorate('store', store);
  // Registered before every plugin that uses the store, so it runs after their hooks.
  if (!options.store) app.addHook('onClose', async () => store.close());
}

export default fp(storePlugin, { name: 'store', dependencies: ['ops'] });
