// Makes sure kcp serves SyncTargets before the mirror writes any: installs the CRD shipped in
// deploy/crds when there is none, upgrades it when it is ours and the manifest changed, and
// waits until it is Established. A CRD someone else installed, or a SyncTarget API that kcp
// serves through an APIBinding, is used as it is and never changed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as k8s from '@kubernetes/client-node';
import type { FastifyBaseLogger } from 'fastify';
import { parse } from 'yaml';
import { CRD_NAME, type KcpClient, statusCodeOf } from './client.js';
import { MANAGED_BY, MANAGER } from './desired.js';

// Two levels up from both src/kcp and dist/kcp: the repository (or package) root.
export const CRD_MANIFEST = new URL('../../deploy/crds/workload.kcp.io_synctargets.yaml', import.meta.url);
export const HASH_ANNOTATION = 'tmc.dev/manifest-sha256';

export type CrdOutcome = 'created' | 'updated' | 'unchanged' | 'foreign' | 'served';

/**
 * The CRD to install, read once when the mirror is set up: a package or image without its
 * deploy/crds is a start-up error, not a mirror that fails on every reconcile while /readyz says ok.
 */
export function loadCrdManifest(file: URL | string = CRD_MANIFEST): k8s.V1CustomResourceDefinition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const path = file instanceof URL ? fileURLToPath(file) : file;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(
      `the kcp mirror cannot read the SyncTarget CRD it installs, ${path} (${code}): ` +
        "it ships in the package's deploy/crds/",
    );
  }
  const crd = parse(text) as k8s.V1CustomResourceDefinition;
  const hash = createHash('sha256').update(text).digest('hex');
  crd.metadata = { ...crd.metadata, annotations: { ...crd.metadata?.annotations, [HASH_ANNOTATION]: hash } };
  return crd;
}

const established = (crd: k8s.V1CustomResourceDefinition | undefined): boolean =>
  ['Established', 'NamesAccepted'].every((type) =>
    crd?.status?.conditions?.some((c) => c.type === type && c.status === 'True'),
  );

async function waitEstablished(client: KcpClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let crd = await client.getCrd(); !established(crd); crd = await client.getCrd()) {
    if (Date.now() > deadline) throw new Error(`the CRD ${CRD_NAME} is not Established after ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function install(client: KcpClient, manifest: k8s.V1CustomResourceDefinition): Promise<CrdOutcome> {
  const existing = await client.getCrd();
  if (!existing) {
    // No CRD, but kcp may serve the API from an APIBinding (kcp's own TMC export): use that.
    if (await client.served()) return 'served';
    try {
      await client.createCrd(manifest);
      return 'created';
    } catch (error) {
      // Another replica, or another tmc, created it meanwhile: look again.
      if (statusCodeOf(error) === 409) return install(client, manifest);
      throw error;
    }
  }
  if (existing.metadata?.labels?.[MANAGED_BY] !== MANAGER) return 'foreign';
  const wanted = manifest.metadata?.annotations?.[HASH_ANNOTATION];
  if (existing.metadata.annotations?.[HASH_ANNOTATION] === wanted) return 'unchanged';
  await client.replaceCrd({
    ...manifest,
    metadata: { ...manifest.metadata, resourceVersion: existing.metadata.resourceVersion },
  });
  return 'updated';
}

/** Resolves once kcp serves SyncTargets; throws what kcp answered otherwise. */
export async function ensureCrd(
  client: KcpClient,
  manifest: k8s.V1CustomResourceDefinition,
  log: FastifyBaseLogger,
  timeoutMs = 60_000,
): Promise<CrdOutcome> {
  const outcome = await install(client, manifest);
  if (outcome !== 'served') await waitEstablished(client, timeoutMs);
  if (outcome === 'foreign') {
    log.warn(
      { crd: CRD_NAME },
      'kcp mirror: the SyncTarget CRD was not installed by tmc; using it as it is (fields its schema lacks are dropped by kcp)',
    );
  } else if (outcome !== 'unchanged') {
    log.info({ crd: CRD_NAME, outcome }, 'kcp mirror: the SyncTarget API is served');
  }
  return outcome;
}
