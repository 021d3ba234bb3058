// Writes: create, replace, delete and deletecollection of every kind and of its status and scale subresources,
// with generated bodies, content types, names and query strings.
// The property is in property.ts; the seed and the runs in its header (npm run fuzz runs more).
import t from 'tap';
import { forEachStore } from '../helpers/stores.js';
import { RUNS, SEED, fuzzArea } from './property.js';

t.comment(`fuzzing with seed ${SEED}, ${RUNS} runs per route (TMC_FUZZ_SEED=${SEED} replays them)`);
forEachStore(t, (t) => {
  t.test('no writes request gets a 5xx, a refusal without a Status, or writes when refused', (t) =>
    fuzzArea(t, 'writes'),
  );
});
