// Leader election between real server processes: exactly one leads, and when the leader is
// killed with SIGKILL (no chance to release anything) another takes over within seconds.
import t from 'tap';
import { startReplicas } from '../helpers/replicas.js';
import { waitFor } from '../helpers/wait.js';

const BECAME_LEADER = /"msg":"became the leader"/;

t.test('the survivor takes over when the leader is SIGKILLed', async (t) => {
  const set = await startReplicas(t, 1);
  const first = set.replicas[0]!;
  await waitFor(() => BECAME_LEADER.test(first.server.output()), 'the first replica to lead');
  const second = await set.add();
  // The follower retries every second; give it several tries to (wrongly) lead as well.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  t.notMatch(second.server.output(), BECAME_LEADER, 'a second replica does not lead while the first lives');

  await first.server.stop('SIGKILL');
  const killedAt = Date.now();
  await waitFor(() => BECAME_LEADER.test(second.server.output()), 'the survivor to lead', 30_000);
  t.comment(`took over ${Date.now() - killedAt} ms after SIGKILL`);
  t.equal((await second.call('GET', '/readyz')).statusCode, 200, 'and it still serves');
});
