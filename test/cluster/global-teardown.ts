// tap `after` script: stops the cluster and the kcp that global-setup.ts started for this run.
import { stopClusterByDir } from './harness.js';
import { readE2EState, removeE2EState } from './e2e-state.js';

const state = readE2EState();
if (state?.status === 'running') await stopClusterByDir(state.dir);
if (state?.kcp?.status === 'running') await stopClusterByDir(state.kcp.dir);
removeE2EState();
// The cluster's processes are detached; exit now rather than wait for idle keep-alive sockets.
process.exit();
