// `npm run kcp:down`: stops the kcp started by `npm run kcp:up` (by pid) and removes its temp
// dir, root directory and data included. Does nothing if no kcp is up.
import { stopClusterByDir } from './harness.js';
import { readUpRecord, removeUpRecord } from './up-state.js';

const RECORD = 'kcp-up.json';
const record = readUpRecord(RECORD);
if (!record) {
  process.stderr.write('no kcp is up\n');
} else {
  await stopClusterByDir(record.dir);
  removeUpRecord(RECORD);
  process.stderr.write(`stopped kcp ${record.server} and removed ${record.dir}\n`);
}
process.exit();
