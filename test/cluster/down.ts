// `npm run cluster:down`: stops the cluster started by `npm run cluster:up` (every process
// it started, by pid) and removes its temp dir. Does nothing if no cluster is up.
import { stopClusterByDir } from './harness.js';
import { readUpRecord, removeUpRecord } from './up-state.js';

const record = readUpRecord();
if (!record) {
  process.stderr.write('no test cluster is up\n');
} else {
  await stopClusterByDir(record.dir);
  removeUpRecord();
  process.stderr.write(`stopped test cluster ${record.server} and removed ${record.dir}\n`);
}
// The cluster's processes are detached; exit now rather than wait for idle keep-alive sockets.
process.exit();
