// The store: opened from the configuration (or handed in by tests) and migrated before anything
// reads it, so a store that cannot be opened or upgraded fails the start. Closed last.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ConfigError } from '../config.js';
import { EncryptingStore } from '../store/encrypting-store.js';
import { loadEncryptionKeys } from '../store/encryption-keys.js';
import { openStore } from '../store/open-store.js';
import { SecretCipher } from '../store/secret-cipher.js';
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
  const base = options.store ?? (await openStore(app.config, app.log));
  await base.migrate();
  const store = await encrypting(app, base).catch(async (error: unknown) => {
    if (!options.store) await base.close().catch(() => undefined);
    throw error;
  });
  app.readiness.add('store', async () => {
    await store.ping();
    return undefined;
  });
  app.decorate('store', store);
  // Registered before every plugin that uses the store, so it runs after their hooks.
  if (!options.store) app.addHook('onClose', async () => store.close());
}

/** Secrets sealed at rest with the configured keys; a start with keys that cannot open the stored Secrets fails. */
async function encrypting(app: FastifyInstance, base: Store): Promise<EncryptingStore> {
  const { keys, path, created } = loadEncryptionKeys(app.config);
  // The file is named, never its keys.
  app.log.info(
    { encryptionKeyFile: path, keys: keys.length },
    created
      ? `created a Secret encryption key in ${path}: back it up, every Secret needs it`
      : `Secret encryption keys: read from ${path}`,
  );
  const store = new EncryptingStore(base, new SecretCipher(keys), (error) =>
    app.log.error({ err: error }, 'a change to a Secret could not be decrypted: do all replicas share one key file?'),
  );
  const missing = await store.missingKeyNames();
  if (missing.length > 0) {
    throw new ConfigError(`stored Secrets were encrypted with keys that ${path} lacks: ${missing.join(', ')}`);
  }
  return store;
}

export default fp(storePlugin, { name: 'store', dependencies: ['ops'] });
