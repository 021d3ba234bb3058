// A real `tmc server` on HTTPS (a test CA, as kubectl.test.ts serves it) and a KubeConfig of
// @kubernetes/client-node pointed at it: client-node refuses plain http://.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import type { Test } from 'tap';
import { makeCa } from '../cli/cli-helpers.js';
import { freshDatabase } from '../helpers/postgres.js';
import { type StoreKind, silentLog } from '../helpers/stores.js';
import { SQLITE_FILE } from '../../src/store/open-store.js';
import { PostgresStore } from '../../src/store/postgres/postgres.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { ControlPlane } from './control-plane.js';

export const SYNC_TARGET = { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget' } as const;

export interface ClientNodeSetup {
  plane: ControlPlane;
  /** A KubeConfig of the plane's current URL (it changes when the plane restarts on another port). */
  config(): KubeConfig;
  /** The plane's store opened here, as another writer would (say while the server is down). */
  openStore(): Promise<Store>;
}

export async function startForClientNode(t: Test, store: StoreKind): Promise<ClientNodeSetup> {
  const dir = t.testdir({ pki: {} });
  const ca = makeCa(join(dir, 'pki'));
  const databaseUrl = store === 'postgres' ? await freshDatabase(t) : undefined;
  const args = databaseUrl ? ['--database-url', databaseUrl] : [];
  const tls = { cert: ca.cert, key: ca.key, ca: readFileSync(ca.caCert, 'utf8') };
  const plane = await ControlPlane.start(t, { tls, args });
  const config = () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'tmc', server: plane.url, caFile: ca.caCert, skipTLSVerify: false }],
      users: [{ name: 'admin', token: plane.adminToken }],
      contexts: [{ name: 'tmc', cluster: 'tmc', user: 'admin', namespace: 'shop' }],
      currentContext: 'tmc',
    });
    return kc;
  };
  const openStore = async () => {
    const opened = databaseUrl
      ? new PostgresStore(databaseUrl, { log: silentLog })
      : new SqliteStore(join(plane.dataDir, SQLITE_FILE));
    t.teardown(() => opened.close());
    await opened.migrate();
    return opened;
  };
  return { plane, config, openStore };
}

/** The Status a client-node call was refused with (its code and parsed body). */
export async function refusal(call: () => Promise<unknown>): Promise<{ code: number; status: any }> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const body = error.body as unknown;
    return { code: error.code, status: typeof body === 'string' ? JSON.parse(body) : body };
  }
  throw new Error('the call was not refused');
}
