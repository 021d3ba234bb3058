// A watch held on one replica sees what another replica writes: the events come from the store's
// change feed (LISTEN/NOTIFY with a catch-up read), not from the process that took the write.
import t from 'tap';
import { request } from 'undici';
import { REPLICA_TOKEN, startReplicas } from '../helpers/replicas.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';

t.test('a watch on one replica receives ADDED, MODIFIED and DELETED written on the other', async (t) => {
  const {
    replicas: [a, b],
  } = await startReplicas(t, 2);
  const listed = await a!.call('GET', ST);
  const from = listed.json.metadata.resourceVersion as string;
  const abort = new AbortController();
  t.teardown(() => abort.abort());
  const reply = await request(`${a!.server.url}${ST}?watch=true&resourceVersion=${from}`, {
    headers: { authorization: `Bearer ${REPLICA_TOKEN}` },
    signal: abort.signal,
  });
  t.equal(reply.statusCode, 200);
  const events: { type: string; object: any }[] = [];
  let wake = () => {};
  void (async () => {
    let text = '';
    try {
      for await (const chunk of reply.body) {
        text += chunk.toString();
        for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n')) {
          events.push(JSON.parse(text.slice(0, at)));
          text = text.slice(at + 1);
          wake();
        }
      }
    } catch {
      // Aborted at teardown.
    }
  })();
  const arrived = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${events.length} of ${count} events: ${JSON.stringify(events)}`)),
        30_000,
      );
      wake = () => {
        if (events.length < count) return;
        clearTimeout(timer);
        resolve();
      };
      wake();
    });

  const created = await b!.call('POST', ST, { metadata: { name: 'edge-1' } });
  t.equal(created.statusCode, 201);
  await arrived(1);
  const changed = await b!.call('PUT', `${ST}/edge-1`, { ...created.json, spec: { unschedulable: true } });
  t.equal(changed.statusCode, 200);
  await arrived(2);
  t.equal((await b!.call('DELETE', `${ST}/edge-1`)).statusCode, 200);
  await arrived(3);
  t.same(
    events.map((e) => [e.type, e.object.metadata.name]),
    [
      ['ADDED', 'edge-1'],
      ['MODIFIED', 'edge-1'],
      ['DELETED', 'edge-1'],
    ],
  );
  t.equal(events[1]!.object.metadata.resourceVersion, changed.json.metadata.resourceVersion, "at the write's version");
});
