// What every kubectl e2e file starts with: the built kubectl (or the file skipped, as TMC_E2E
// says), and per store a real `tmc server` on its own CA with kubectl pointed at it through the
// admin kubeconfig the server wrote, so no flag but the kubeconfig is needed.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { binaryDir, ensureBinaries, goAvailable, missingBinaries } from '../cluster/binaries.js';
import { e2eMode } from '../cluster/e2e-state.js';
import { freshDatabase } from '../helpers/postgres.js';
import type { StoreKind } from '../helpers/stores.js';
import { ControlPlane } from './control-plane.js';
import { type Kubectl, kubectlFor } from './kubectl-env.js';

const cachedKubectl = (): string | undefined => {
  const path = join(binaryDir(), 'kubectl');
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
};

/** The kubectl binary, or undefined when the file is skipped (its plan is then set). */
export async function kubectlOrSkip(t: Test): Promise<string | undefined> {
  const cached = cachedKubectl();
  const runnable =
    e2eMode() !== 'off' && (cached !== undefined || missingBinaries().length === 0 || (await goAvailable()));
  if (!runnable && e2eMode() !== 'required') {
    t.plan(0, 'skipped: TMC_E2E=off, or no Go to build kubectl');
    return undefined;
  }
  t.setTimeout(600_000);
  // Only kubectl is needed: the one already built, else a build of the test cluster's binaries.
  return cached ?? (await ensureBinaries()).kubectl;
}

/** A tmc server on `store` (with `serverArgs` too) and kubectl against it, in namespace `shop`. */
export async function kubectlOnTmc(
  t: Test,
  kubectlBin: string,
  store: StoreKind = 'sqlite',
  serverArgs: string[] = [],
): Promise<Kubectl & { dir: string; plane: ControlPlane }> {
  const dir = t.testdir();
  const args = [...(store === 'postgres' ? ['--database-url', await freshDatabase(t)] : []), ...serverArgs];
  const plane = await ControlPlane.start(t, { ownPki: true, args });
  return { dir, plane, ...kubectlFor(kubectlBin, dir, { kubeconfig: plane.kubeconfig, namespace: 'shop' }) };
}
