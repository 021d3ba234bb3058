// A real `tmc server` on HTTPS (a test CA, as kubectl.test.ts serves it) and a KubeConfig of
// @kubernetes/client-node pointed at it: client-node refuses plain http://.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import type { Test } from 'tap';
import { makeCa } from '../cli/cli-helpers.js';
import { freshDatabase } from '../helpers/postgres.js';
import type { StoreKind } from '../helpers/stores.js';
import { ControlPlane } from './control-plane.js';

export const SYNC_TARGET = { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget' } as const;

export interface ClientNodeSetup {
  plane: ControlPlane;
  /** A KubeConfig of the plane's current URL (it changes when the plane restarts on another port). */
  config(): KubeConfig;
}

export async function startForClientNode(t: Test, store: StoreKind): Promise<ClientNodeSetup> {
  const dir = t.testdir({ pki: {} });
  const ca = makeCa(join(dir, 'pki'));
  const args = store === 'postgres' ? ['--database-url', await freshDatabase(t)] : [];
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
  return { plane, config };
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
