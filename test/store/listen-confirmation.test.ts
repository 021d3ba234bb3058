// The LISTEN connection's proof that it still hears, on a real PostgreSQL database: its own pings
// come back and keep the store's confirmation current; when the connection is killed the
// confirmation is gone until a new connection hears its own ping; another replica's pings on the
// same channel confirm nothing here; a ping that never completes stops the confirmations.
import type pg from 'pg';
import t from 'tap';
import { ListenConfirmation } from '../../src/store/postgres/listen-confirmation.js';
import { PostgresStore } from '../../src/store/postgres/postgres.js';
import { eventually } from '../helpers/agents.js';
import { freshDatabase } from '../helpers/postgres.js';
import { silentLog } from '../helpers/stores.js';

const recent = (at: number | undefined, withinMs: number) => at !== undefined && at > Date.now() - withinMs;

t.test('a live LISTEN connection confirms, a killed one stops until it is back', async (t) => {
  const url = await freshDatabase(t);
  const store = new PostgresStore(url, { log: silentLog });
  t.teardown(() => store.close());
  await store.migrate();
  await eventually(async () => recent(store.tokenNoticesConfirmedAt(), 1500) || undefined, 'a first confirmation');
  const first = store.tokenNoticesConfirmedAt()!;
  await eventually(async () => (store.tokenNoticesConfirmedAt()! > first ? true : undefined), 'a later one');

  const other = new PostgresStore(url, { log: silentLog });
  t.teardown(() => other.close());
  await other.migrate();
  const admin = new (await import('pg')).default.Client({ connectionString: url });
  await admin.connect();
  t.teardown(() => admin.end());
  // Both replicas' LISTEN connections share the application name: kill them all.
  await admin.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tmc-change-feed' AND datname = current_database()",
  );
  await eventually(async () => (store.tokenNoticesConfirmedAt() === undefined ? true : undefined), 'nothing confirmed');
  await eventually(async () => recent(store.tokenNoticesConfirmedAt(), 1500) || undefined, 'confirmed again');
});

t.test("only this replica's own pings confirm, and a ping that hangs stops the confirmations", async (t) => {
  let hang = false;
  const sent: string[] = [];
  const client = {
    query: (_text: string, values: string[]) => {
      sent.push(values[1]!);
      return hang ? new Promise(() => undefined) : Promise.resolve({ rows: [] });
    },
  } as unknown as pg.Client;
  const confirmation = new ListenConfirmation();
  t.teardown(() => confirmation.stop());
  confirmation.start(client);
  t.equal(confirmation.confirmedAt, undefined, 'nothing before a ping came back');
  const [id, at] = sent[0]!.split(' ');
  confirmation.heard(`another-replica ${Date.now()}`);
  t.equal(confirmation.confirmedAt, undefined, "another replica's ping");
  confirmation.heard(sent[0]);
  t.equal(confirmation.confirmedAt, Number(at), 'its own ping: confirmed up to when it was sent');
  hang = true;
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const count = sent.length;
  await new Promise((resolve) => setTimeout(resolve, 2100));
  t.equal(sent.length, count, 'while a ping hangs, no other is sent: the confirmation grows old');
  confirmation.heard(`${id} ${Number(at) - 1}`);
  t.equal(confirmation.confirmedAt, Number(at), 'an older ping moves nothing back');
  confirmation.stop();
  t.equal(confirmation.confirmedAt, undefined, 'stopped: nothing confirmed');
});
