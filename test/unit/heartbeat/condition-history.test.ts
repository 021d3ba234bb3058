// The Ready history is bounded: a flapping target keeps only its latest transitions.
import t from 'tap';
import { withReadyTransition } from '../../../src/heartbeat/condition-history.js';
import { CONDITION_HISTORY_MAX } from '../../../src/schemas/synctarget.js';

const ready = (status: 'True' | 'Unknown', reason: string) => [
  { type: 'Ready', status, reason, lastTransitionTime: '' },
];

t.test('keeps the latest transitions only, oldest dropped first', async (t) => {
  let history: ReturnType<typeof withReadyTransition> | undefined;
  let conditions = ready('Unknown', 'HeartbeatTimeout');
  for (let i = 0; i < CONDITION_HISTORY_MAX + 5; i++) {
    const next = i % 2 === 0 ? ready('True', 'HeartbeatHealthy') : ready('Unknown', 'HeartbeatTimeout');
    history = withReadyTransition(history, conditions, next, new Date(i * 1000).toISOString());
    conditions = next;
  }
  t.equal(history!.length, CONDITION_HISTORY_MAX);
  t.equal(history![0]!.time, new Date(5000).toISOString());
  t.equal(history!.at(-1)!.time, new Date((CONDITION_HISTORY_MAX + 4) * 1000).toISOString());
});

t.test('no change of status or reason: the same history; a new reason alone counts', async (t) => {
  const history = [{ time: 'x', status: 'True' as const, reason: 'HeartbeatHealthy' }];
  const same = ready('True', 'HeartbeatHealthy');
  t.equal(withReadyTransition(history, same, same, 'y'), history);
  t.equal(withReadyTransition(history, ready('True', 'A'), ready('True', 'B'), 'y')!.length, 2);
});
