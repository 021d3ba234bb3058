// Writes deploy/crds/workload.kcp.io_synctargets.yaml from the SyncTarget schema: `npm run crds`.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { syncTargetCrd } from '../src/kcp/crd-schema.js';

export const CRD_HEADER =
  "# The SyncTarget CustomResourceDefinition that tmc's kcp mirror installs (when absent) in the\n" +
  '# workspace it mirrors into. Made by `npm run crds` from src/schemas/synctarget.ts and the\n' +
  '# SyncTarget columns: edit those, not this file.\n';

export const crdText = (): string => CRD_HEADER + stringify(syncTargetCrd(), { lineWidth: 0 });

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = new URL('../deploy/crds/workload.kcp.io_synctargets.yaml', import.meta.url);
  writeFileSync(path, crdText());
  process.stdout.write(`wrote ${path.pathname}\n`);
}
