// The agent protocol through the generic fuzzer: the feed, status reports of every kind, heartbeats and agent
// tokens, as the admin, an agent and a user (agent-fuzz.test.ts fuzzes the agent's own bodies deeper).
// The property is in property.ts; the seed and the runs in its header (npm run fuzz runs more).
import t from 'tap';
import { forEachStore } from '../helpers/stores.js';
import { RUNS, SEED, fuzzArea } from './property.js';

t.comment(`fuzzing with seed ${SEED}, ${RUNS} runs per route (TMC_FUZZ_SEED=${SEED} replays them)`);
forEachStore(t, (t) => {
  t.test('no agent request gets a 5xx, a refusal without a Status, or writes when refused', (t) =>
    fuzzArea(t, 'agent'),
  );
});
