// The tunnel directory on a real PostgreSQL database, two replicas' directories side by side: a
// tunnel is found where it is, for its incarnation only; a replica drops only its own rows; a
// close and a reconnect in one turn land as the reconnect; stopping or restarting a replica
// clears its rows.
import t from 'tap';
import { PostgresStore } from '../../src/store/postgres/postgres.js';
import { PostgresTunnelDirectory } from '../../src/store/postgres/tunnel-directory-postgres.js';
import { eventually } from '../helpers/agents.js';
import { freshDatabase } from '../helpers/postgres.js';
import { silentLog } from '../helpers/stores.js';

t.test('replicas record, find and drop the tunnels they hold', async (t) => {
  const url = await freshDatabase(t);
  const store = new PostgresStore(url, { log: silentLog });
  await store.migrate();
  await store.close();
  const open = (self: string) => {
    const directory = new PostgresTunnelDirectory(url, self, silentLog);
    t.teardown(() => directory.close().catch(() => undefined));
    return directory;
  };
  const a = open('https://a:6443');
  const b = open('https://b:6443');
  const at = (where: string | undefined, name: string, uid: string) =>
    eventually(async () => ((await b.locate(name, uid)) === where ? true : undefined), `${name} at ${where}`);

  a.connected('edge-1', 'u1');
  await at('https://a:6443', 'edge-1', 'u1');
  t.equal(await a.locate('edge-1', 'other-uid'), undefined, 'another incarnation of the name is not found');

  b.connected('edge-1', 'u1');
  await at('https://b:6443', 'edge-1', 'u1');
  a.disconnected('edge-1');
  a.connected('edge-2', 'u2');
  await at('https://a:6443', 'edge-2', 'u2');
  t.equal(await a.locate('edge-1', 'u1'), 'https://b:6443', "a's close of its older tunnel leaves b's row");

  a.disconnected('edge-2');
  a.connected('edge-2', 'u2');
  a.connected('edge-3', 'u3');
  await at('https://a:6443', 'edge-3', 'u3');
  t.equal(await b.locate('edge-2', 'u2'), 'https://a:6443', 'a close then a reconnect land as the reconnect');

  await a.close();
  t.equal(await b.locate('edge-2', 'u2'), undefined, 'a replica that stops drops its rows');
  t.equal(await b.locate('edge-1', 'u1'), 'https://b:6443', 'and only its own');
  open('https://b:6443');
  await at(undefined, 'edge-1', 'u1');
  t.pass('a replica that starts again clears the rows of its earlier run');
});
