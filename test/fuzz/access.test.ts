// Access: Users and their tokens, cluster RBAC (ClusterRoles and their bindings) and the access reviews of
// `kubectl auth can-i`.
// The property is in property.ts; the seed and the runs in its header (npm run fuzz runs more).
import t from 'tap';
import { forEachStore } from '../helpers/stores.js';
import { RUNS, SEED, fuzzArea } from './property.js';

t.comment(`fuzzing with seed ${SEED}, ${RUNS} runs per route (TMC_FUZZ_SEED=${SEED} replays them)`);
forEachStore(t, (t) => {
  t.test('no access request gets a 5xx, a refusal without a Status, or writes when refused', (t) =>
    fuzzArea(t, 'access'),
  );
});
